//! The provisioning checklist, Markdown: install the chart, read the tokens, then per zone each
//! host to build outside the cluster with its `install.sh` command, the ports to open and where
//! its token comes from.

use super::{markdown_text, zone_hostname};
use crate::engine::{plan, Placement, Role, Topology, ZonePlan};

/// The chart version that installs Kasm Workspaces 1.19.0.
const CHART_VERSION: &str = "1.1190.0";
/// Release and namespace names the commands use; the checklist says to change them at will.
const RELEASE: &str = "kasm";

/// A command line, in a fenced block inside a checklist item.
fn command(out: &mut String, line: &str) {
    out.push_str("  ```sh\n  ");
    out.push_str(line);
    out.push_str("\n  ```\n");
}

fn zone_section(out: &mut String, zone: &ZonePlan, host: &str) {
    let kind = if zone.primary {
        "primary zone"
    } else {
        "additional zone"
    };
    out.push_str(&format!(
        "\n## Zone {} ({kind}): `{host}`\n\n",
        markdown_text(&zone.name)
    ));
    out.push_str(&format!(
        "External components: {}.\n\n",
        zone.provision_summary()
    ));
    let mut built = false;
    if zone.role(Role::Agent).placement == Placement::External {
        built = true;
        out.push_str("- [ ] **Agent pool** (Docker hosts for container sessions; Agents are never in the cluster and never shared between zones). On each host:\n");
        command(out, &format!("sudo bash kasm_release/install.sh --role agent --accept-eula --public-hostname AGENT_HOST --manager-hostname {host} --manager-token MANAGER_TOKEN"));
        out.push_str("  - [ ] Open HTTPS 443 on each Agent to the App role (the cluster).\n");
    }
    if zone.role(Role::ConnectionProxy).placement == Placement::External {
        built = true;
        out.push_str("- [ ] **Connection Proxy** (Guacamole, RDP gateways; best near the RDP/VNC/SSH workloads):\n");
        command(out, &format!("sudo bash kasm_release/install.sh --role guac --accept-eula --api-hostname {host} --public-hostname PROXY_HOST --registration-token REGISTRATION_TOKEN"));
        out.push_str("  - [ ] Open HTTPS 443 on it to the App role, and from it to the workloads (RDP 3389, VNC, SSH); make it reachable from the internet if users run RDP thick clients.\n");
    }
    match zone.role(Role::DedicatedProxy).placement {
        Placement::External => {
            built = true;
            out.push_str(
                "- [ ] **Dedicated Proxy** (zone-local relay for container session traffic):\n",
            );
            command(
                out,
                &format!("sudo bash kasm_release/install.sh --role proxy --accept-eula --api-hostname {host}"),
            );
        }
        Placement::Optional => {
            out.push_str(&format!("- [ ] Optional: a **Dedicated Proxy** reduces latency when this zone is far from the primary zone. Without it, container session traffic routes through the App role's built-in proxy. To add one: `sudo bash kasm_release/install.sh --role proxy --accept-eula --api-hostname {host}`\n"));
        }
        Placement::Helm | Placement::NotNeeded => {}
    }
    if !built {
        out.push_str("Nothing to build outside the cluster for this zone.\n");
    }
}

/// The checklist for a topology.
pub fn markdown(topology: &Topology) -> String {
    let planned = plan(topology);
    let domain = &topology.base_domain;
    let names: Vec<String> = planned
        .zones
        .iter()
        .map(|zone| markdown_text(&zone.name))
        .collect();
    let totals = planned.totals;
    let mut out = String::from("# Kasm Workspaces provisioning checklist\n\n");
    out.push_str(&format!(
        "{} zone(s), primary first: {}. Public address: `{domain}`.\n\n",
        planned.zones.len(),
        names.join(", ")
    ));
    out.push_str("> Made by the Kasm Topology Planner from the Kasm Workspaces 1.19.0 documentation (\"Kubernetes Deployment Options\", the multi-server install). Check every command against the Kasm docs for your version before you run it. `AGENT_HOST`, `PROXY_HOST`, `MANAGER_TOKEN` and `REGISTRATION_TOKEN` are placeholders.\n\n");
    out.push_str(&format!(
        "To build outside the cluster: {} Agent pool(s), {} Connection Proxy host(s), {} Dedicated Proxy host(s) ({} more zone(s) could add one).\n",
        totals.agent_pools,
        totals.connection_proxies,
        totals.dedicated_proxies,
        totals.optional_dedicated_proxies
    ));
    out.push_str("\n## Cluster: the Helm chart\n\n");
    out.push_str(&format!("- [ ] Prerequisites: Kubernetes 1.24+, Helm 3.18+, DNS for `{domain}` and every zone hostname below, and a TLS certificate (or cert-manager) covering them all.\n"));
    out.push_str(
        "- [ ] Write `my-values.yaml` (the planner's Helm values export), then install:\n",
    );
    command(&mut out, &format!("helm install {RELEASE} oci://registry-1.docker.io/kasmweb/kasm-helm --version {CHART_VERSION} -n {RELEASE} --create-namespace -f my-values.yaml"));
    out.push_str(&format!("- [ ] The cluster now runs {} App instance(s), one per zone, and for the primary zone the Connection Proxy, the Dedicated Proxy and the built-in PostgreSQL database.\n", totals.apps_in_cluster));
    if totals.agent_pools > 0 {
        out.push_str("- [ ] Read the manager token that Agents register with:\n");
        command(&mut out, &format!("kubectl get secret -n {RELEASE} kasm-secrets -o jsonpath=\"{{.data.manager-token}}\" | base64 -d"));
    }
    if totals.connection_proxies > 0 {
        out.push_str("- [ ] Read the registration token that Connection Proxies use (the chart's service token):\n");
        command(&mut out, &format!("kubectl get secret -n {RELEASE} kasm-secrets -o jsonpath=\"{{.data.service-token}}\" | base64 -d"));
    }
    for zone in &planned.zones {
        let host = if zone.primary && planned.zones.len() == 1 {
            domain.clone()
        } else {
            zone_hostname(&zone.name, domain)
        };
        zone_section(&mut out, zone, &host);
    }
    out
}
