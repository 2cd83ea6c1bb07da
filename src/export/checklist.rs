//! The provisioning checklist, Markdown: publishing and TLS, install the chart, read the tokens,
//! then per zone each host to build outside the cluster with its `install.sh` command, the
//! follow-up steps and ports; then the upgrade note and a closing "verify" section per zone.
//!
//! Sources, besides the seed: the chart's install command and prerequisites (kasmtech/kasm-helm
//! root `README.md`); the tokens from the release's `kasm-secrets`; the external roles'
//! `install.sh` flags (`--role`, `--accept-eula`, `--public-hostname`, `--manager-hostname`,
//! `--manager-token`, `--api-hostname`, `--registration-token`, `--server-zone`, `--no-start`)
//! and the Dedicated Proxy's zone settings from kasm-helm `docs/proxy-multi-region-docker-sessions.md`
//! and `docs/proxy-multi-region-docker-and-rdp-sessions.md` (a Connection Proxy registers into
//! the zone `--server-zone` names, `default` without it, and with `kasmZones` there is no zone
//! `default`). Every value in a command is written with [`shell_word`], every value in running
//! text with [`code_span`] or [`markdown_text`].

use super::{code_span, helm, install_command, markdown_text, shell_word, RELEASE};
use crate::engine::capacity::{cores_text, memory_text, Binding};
use crate::engine::{
    plan, IssuerKind, Placement, Publishing, Role, Tls, Topology, Zone, ZonePlan,
    DATABASE_DELETION_UP_TO,
};
use crate::words::count;

/// A code fence longer than any run of backticks in `text`, so nothing in it can close the block.
fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// A command line, in a fenced block inside a checklist item.
fn command(out: &mut String, line: &str) {
    let fence = fence(line);
    out.push_str(&format!("  {fence}sh\n  {line}\n  {fence}\n"));
}

/// Every hostname users reach: `publicAddr`, then each zone's when there are several.
fn hostnames(topology: &Topology) -> Vec<String> {
    let mut names = vec![topology.base_domain.clone()];
    if topology.zones.len() > 1 {
        names.extend(topology.hostnames());
    }
    names
}

fn spans(names: &[String]) -> String {
    names
        .iter()
        .map(|name| code_span(name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The step that makes the chart reachable, for the chosen publisher.
fn publishing_step(out: &mut String, topology: &Topology) {
    let names = spans(&hostnames(topology));
    match &topology.publishing {
        Publishing::Ingress { class } => {
            let controller = if class.is_empty() {
                "an ingress controller that serves the cluster's default IngressClass".to_owned()
            } else {
                format!("an ingress controller that serves the IngressClass {}", code_span(class))
            };
            out.push_str(&format!("- [ ] Publishing: {controller}. Point DNS for {names} at its external address. The chart's Ingress has a rule for each.\n"));
        }
        Publishing::Route => {
            out.push_str(&format!("- [ ] Publishing: the OpenShift router. Point DNS for {names} at it. Each of the chart's Routes passes TLS through to the proxy pods (`termination: passthrough`; plain HTTP is redirected), so users see the certificate below for every hostname, not the router's own.\n"));
            out.push_str(&format!("- [ ] OpenShift DNS: the values point the proxy's nginx at OpenShift's DNS Service ({}), since the chart's own guess, `kube-system/kube-dns`, does not exist on OpenShift. Check that the Service is there:\n", code_span(helm::OPENSHIFT_DNS)));
            command(out, &format!("oc get service {} --namespace {}", helm::OPENSHIFT_DNS_SERVICE, helm::OPENSHIFT_DNS_NAMESPACE));
        }
        Publishing::LoadBalancer => {
            out.push_str(&format!("- [ ] Publishing: the proxy Service is a LoadBalancer. After the install, read its EXTERNAL-IP (the Service of type LoadBalancer) and point DNS for {names} at it:\n"));
            command(out, &format!("kubectl get services --namespace {RELEASE} -o wide"));
        }
        Publishing::HttpRoute { gateway, namespace } => out.push_str(&format!(
            "- [ ] Publishing: the Gateway {} in the namespace {}. Point DNS for {names} at the Gateway's address. The chart's HTTPRoute publishes only this name, through an HTTPS listener of the Gateway that admits routes from the namespace {} (see TLS at the Gateway, below).\n",
            code_span(gateway),
            code_span(namespace),
            code_span(RELEASE)
        )),
    }
}

/// The step that provides the TLS certificate.
fn tls_step(out: &mut String, topology: &Topology) {
    let names = hostnames(topology);
    // A wildcard covers one label under the base domain: zones at hostnames of their own may
    // not be there.
    let under_wildcard = |name: &String| {
        name.strip_suffix(topology.base_domain.as_str())
            .and_then(|label| label.strip_suffix('.'))
            .is_some_and(|label| !label.is_empty() && !label.contains('.'))
    };
    let covered = if names.len() > 1 && names[1..].iter().all(under_wildcard) {
        format!(
            "{} (a wildcard {} with {} covers them all)",
            spans(&names),
            code_span(&format!("*.{}", topology.base_domain)),
            code_span(&topology.base_domain)
        )
    } else {
        spans(&names)
    };
    match &topology.tls {
        Tls::Secret { name } => {
            out.push_str(&format!("- [ ] TLS: a certificate and key (PEM files `tls.crt`, `tls.key`) for {covered}. The proxy pods mount it from the Secret {} and do not start without it. Create the namespace and the Secret before the install:\n", code_span(name)));
            command(out, &format!("kubectl create namespace {RELEASE}"));
            command(
                out,
                &format!(
                    "kubectl create secret tls {} --cert=tls.crt --key=tls.key --namespace {RELEASE}",
                    shell_word(name)
                ),
            );
        }
        Tls::CertManager {
            issuer,
            issuer_kind,
        } => {
            let issuer_where = match issuer_kind {
                IssuerKind::ClusterIssuer => format!("the ClusterIssuer {}", code_span(issuer)),
                IssuerKind::Issuer => format!(
                    "the Issuer {} in the namespace {} (create the namespace first: `kubectl create namespace {RELEASE}`)",
                    code_span(issuer),
                    code_span(RELEASE)
                ),
            };
            out.push_str(&format!("- [ ] TLS: cert-manager installed in the cluster, and {issuer_where}, able to issue a certificate for {}. The chart's Certificate lists each of these names and writes the Secret {}, which the proxy pods mount.\n", spans(&names), code_span(&tls_secret(&topology.tls))));
        }
    }
}

/// The Secret the proxy pods mount: the operator's own, or the one cert-manager writes
/// (`certificate.secretName | default (include "kasm.name" (list . "cert-manager" "secret"))`,
/// kasm-helm `templates/ingress.yaml` and `templates/proxy-deployment.yaml`).
fn tls_secret(tls: &Tls) -> String {
    match tls {
        Tls::Secret { name } => name.clone(),
        Tls::CertManager { .. } => format!("{RELEASE}-cert-manager"),
    }
}

/// A YAML document in a fenced block inside a checklist item.
fn yaml_block(out: &mut String, yaml: &str) {
    let fence = fence(yaml);
    out.push_str(&format!("  {fence}yaml\n"));
    for line in yaml.lines() {
        out.push_str(&format!("  {line}\n"));
    }
    out.push_str(&format!("  {fence}\n"));
}

/// Whether the TLS step has made the release's namespace by the time the steps after it run.
fn tls_step_makes_namespace(tls: &Tls) -> bool {
    !matches!(
        tls,
        Tls::CertManager {
            issuer_kind: IssuerKind::ClusterIssuer,
            ..
        }
    )
}

/// What OpenShift and a Gateway need beyond the chart's values, after the TLS step.
fn platform_steps(out: &mut String, topology: &Topology) {
    match &topology.publishing {
        // Only with several zones does the chart render the preseed container (the values turn
        // on kasmConfig.generatePreseed): kasm-helm `CHART_VERSION` templates/db-init-job.yaml renders
        // `prepare-db-preseed` `if or (and .Values.kasmConfig .Values.kasmConfig.generatePreseed)
        // $existingDefaultPropertiesSecret`, with `runAsUser: 1000` written in the template
        // rather than through kasm.securityContext, so isOpenshift does not drop it (a later
        // chart's tests/openshift_security_test.yaml: "the prepare-db-preseed init container
        // carried its own hard-coded runAsUser/runAsGroup block that isOpenshift did not gate").
        // The Job names no serviceAccountName, so it runs as the namespace's `default`.
        Publishing::Route if topology.zones.len() > 1 => {
            out.push_str(&format!("- [ ] OpenShift SCC: the database's init Job seeds the zones in a container (`prepare-db-preseed`) that chart {} runs as user 1000 even with `isOpenshift: true`, and OpenShift's default `restricted-v2` SCC refuses a fixed user. Before the install, let the service account the Job runs as (the namespace's `default`) use the `nonroot-v2` SCC (OpenShift 4.11 and later), which admits any user but root. The Job's other containers then run as their image's own user, which must be a numeric non-root one: if the Job's pod is refused with \"image has non-numeric user\", check the image's user with your Kasm docs.\n", super::CHART_VERSION));
            if !tls_step_makes_namespace(&topology.tls) {
                command(out, &format!("kubectl create namespace {RELEASE}"));
            }
            command(
                out,
                &format!(
                    "oc adm policy add-scc-to-user nonroot-v2 -z default --namespace {RELEASE}"
                ),
            );
        }
        // The chart's HTTPRoute carries no certificate: kasm-helm values.yaml (bdf28c4b
        // L171-185), "Unlike an Ingress, a Gateway API route carries no certificate … reference
        // it from that listener's `certificateRefs` yourself, and add a ReferenceGrant when the
        // Gateway is in another namespace". The listener and the grant follow the Gateway API's
        // standard channel (Gateway `spec.listeners[].tls.certificateRefs`; ReferenceGrant
        // `gateway.networking.k8s.io/v1beta1`, config/crd/standard in gateway-api v1.4.0).
        Publishing::HttpRoute { gateway, namespace } => {
            let secret = tls_secret(&topology.tls);
            out.push_str(&format!("- [ ] TLS at the Gateway: the chart's certificate reaches only the proxy pods; users see the certificate of the Gateway's HTTPS listener. Give the Gateway {} a listener like this one (merge it into `spec.listeners`), which serves the Secret {} from the namespace {}:\n", code_span(gateway), code_span(&secret), code_span(RELEASE)));
            let host = helm::quoted(&topology.base_domain);
            yaml_block(out, &format!("listeners:\n  - name: kasm-https\n    protocol: HTTPS\n    port: 443\n    hostname: {host}\n    tls:\n      mode: Terminate\n      certificateRefs:\n        - kind: Secret\n          name: {}\n          namespace: {}\n    allowedRoutes:\n      namespaces:\n        from: Selector\n        selector:\n          matchLabels:\n            kubernetes.io/metadata.name: {}\n", helm::quoted(&secret), helm::quoted(RELEASE), helm::quoted(RELEASE)));
            if namespace != RELEASE {
                out.push_str(&format!("- [ ] The Gateway is in the namespace {} and the Secret in {}: a Gateway may read a Secret of another namespace only where a ReferenceGrant there allows it. Save this as `kasm-gateway-tls.yaml`:\n", code_span(namespace), code_span(RELEASE)));
                yaml_block(out, &format!("apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: kasm-gateway-tls\n  namespace: {}\nspec:\n  from:\n    - group: gateway.networking.k8s.io\n      kind: Gateway\n      namespace: {}\n  to:\n    - group: \"\"\n      kind: Secret\n      name: {}\n", helm::quoted(RELEASE), helm::quoted(namespace), helm::quoted(&secret)));
                out.push_str(
                    "  and apply it once the namespace exists (before or after the install):\n",
                );
                if !tls_step_makes_namespace(&topology.tls) {
                    command(out, &format!("kubectl create namespace {RELEASE}"));
                }
                command(out, "kubectl apply -f kasm-gateway-tls.yaml");
            }
        }
        _ => {}
    }
}

/// The Dedicated Proxy's host, its command and the steps that make the zone use it.
fn dedicated_proxy_steps(
    out: &mut String,
    zone: &ZonePlan,
    sessions: &Zone,
    host: &str,
    optional: bool,
) {
    // The RDP steps follow the zone's RDP/VNC sessions, wherever its Connection Proxy runs.
    let rdp = sessions.rdp_vnc_sessions;
    let proxy_outside = zone.role(Role::ConnectionProxy).placement == Placement::External;
    let zone_name = code_span(&zone.name);
    if optional {
        out.push_str("- [ ] Optional: a **Dedicated Proxy** (zone-local relay for container session traffic) reduces latency when this zone is far from the primary zone. Without it, container session traffic routes through the App role's built-in proxy. To add one, on its own VM `DEDICATED_PROXY_HOST`, in the same parent domain as the zone hostname:\n");
    } else {
        out.push_str("- [ ] **Dedicated Proxy** (zone-local relay for container session traffic), on its own VM `DEDICATED_PROXY_HOST`, in the same parent domain as the zone hostname:\n");
    }
    let no_start = if rdp { " --no-start" } else { "" };
    command(
        out,
        &format!(
            "sudo bash kasm_release/install.sh --role proxy --accept-eula --api-hostname {}{no_start}",
            shell_word(host)
        ),
    );
    if rdp {
        let target = if proxy_outside {
            "pointing at `PROXY_HOST`".to_owned()
        } else {
            // Kasm's guide was written for an external Connection Proxy; here the chart runs it.
            format!("pointing at this zone's Connection Proxy, which the chart runs in the cluster behind {} (the guide assumes one outside it: check the target against Kasm's docs for your version)", code_span(host))
        };
        out.push_str(&format!("  - [ ] This zone also runs RDP/VNC sessions: keep the Dedicated Proxy on a different VM from any Connection Proxy. Before starting it, add the two `kasmguac` location blocks of Kasm's guide \"Multi-region proxy: Docker and RDP sessions\" (kasm-helm `docs/proxy-multi-region-docker-and-rdp-sessions.md`), {target}, to `/opt/kasm/current/conf/nginx/services.d/upstream_proxy.conf`, then start it:\n"));
        command(out, "sudo /opt/kasm/bin/start");
    }
    out.push_str(&format!(
        "  - [ ] Ports: users reach it on HTTPS 443; it reaches the zone's App at {} on 443, every Agent of this zone on 443{}.\n",
        code_span(host),
        if rdp { " and the Connection Proxy on 443" } else { "" }
    ));
    out.push_str("  - [ ] A certificate for `DEDICATED_PROXY_HOST` that users' browsers trust (install.sh makes a self-signed one, a common cause of \"Creating a secure connection...\"): on the VM, `sudo /opt/kasm/bin/stop`, copy the certificate and key to `/opt/kasm/current/certs/kasm_nginx.crt` and `kasm_nginx.key`, then `sudo /opt/kasm/bin/start`.\n");
    out.push_str(&format!(
        "  - [ ] Admin UI, Infrastructure, Deployment Zones, zone {zone_name}, Edit: **Proxy Hostname** `DEDICATED_PROXY_HOST`, **Upstream Auth Address** {}{}.\n",
        code_span(host),
        if rdp {
            ", **RDP HTTPS Proxy Hostname** `DEDICATED_PROXY_HOST`"
        } else {
            ""
        }
    ));
}

/// Cores with their noun: `1 core`, `1.5 cores`.
fn cores(millicores: u64) -> String {
    match millicores {
        1_000 => "1 core".to_owned(),
        _ => format!("{} cores", cores_text(millicores)),
    }
}

/// How many Agent hosts of which shape the zone needs for its peak, and the overrides to set
/// when oversubscribing; nothing without the figures. Derived from Kasm's admission accounting
/// (its Agent settings: each session reserves its image's cores and memory against the Agent's,
/// or its Cores Override and Memory Override), not a formula Kasm publishes.
fn agent_hosts(out: &mut String, topology: &Topology, zone: usize) {
    let (Some(agents), Some(sizing)) = (topology.agents(zone), topology.capacity.sizing()) else {
        return;
    };
    let peak = topology.zones[zone].peak_container_sessions.unwrap_or(0);
    match agents {
        Ok(agents) => {
            let binding = match agents.binding {
                Binding::Cpu => "CPU runs out first",
                Binding::Memory => "memory runs out first",
                Binding::Both => "CPU and memory run out together",
            };
            let spares = match sizing.spares {
                0 => String::new(),
                n => format!(" and {}", count(usize::try_from(n).unwrap_or(usize::MAX), "spare")),
            };
            out.push_str(&format!(
                "  - [ ] **{}** of {} and {} of memory for a peak of {}{spares}: each holds {} (a session reserves {} and {}; {binding}). Derived from Kasm's Agent admission accounting, not a Kasm formula.\n",
                count(usize::try_from(agents.count).unwrap_or(usize::MAX), "Agent host"),
                cores(sizing.host.millicores),
                memory_text(sizing.host.bytes),
                count(usize::try_from(peak).unwrap_or(usize::MAX), "concurrent container session"),
                count(usize::try_from(agents.sessions_per_agent).unwrap_or(usize::MAX), "session"),
                cores(sizing.image.millicores),
                memory_text(sizing.image.bytes),
            ));
            let overrides: Vec<String> = [
                sizing.cores_override.filter(|&c| c > 0).map(|c| format!("**Cores Override** {}", cores_text(c))),
                sizing.memory_override.filter(|&m| m > 0).map(|m| match memory_text(m) {
                    text if text.ends_with("bytes") => format!("**Memory Override** {text}"),
                    text => format!("**Memory Override** {m} bytes ({text})"),
                }),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !overrides.is_empty() {
                let counted = sizing.counted();
                let more = counted.millicores > sizing.host.millicores || counted.bytes > sizing.host.bytes;
                out.push_str(&format!(
                    "  - [ ] Infrastructure, Agents, edit each Agent of this zone: {} (Kasm then counts these instead of the host's figures{}).\n",
                    overrides.join(", "),
                    if more { ", oversubscribing it" } else { "" }
                ));
            }
        }
        Err(error) => out.push_str(&format!(
            "  - [ ] Agent hosts for a peak of {peak} concurrent container sessions: not counted, {error}.\n"
        )),
    }
}

fn zone_section(
    out: &mut String,
    topology: &Topology,
    zone: &ZonePlan,
    sessions: &Zone,
    host: &str,
) {
    let kind = if zone.primary {
        "primary zone"
    } else {
        "additional zone"
    };
    out.push_str(&format!(
        "\n## Zone {} ({kind}): {}\n\n",
        markdown_text(&zone.name),
        code_span(host)
    ));
    out.push_str(&format!(
        "External components: {}.\n\n",
        zone.provision_summary()
    ));
    let mut built = false;
    if zone.role(Role::Agent).placement == Placement::External {
        built = true;
        out.push_str("- [ ] **Agent pool** (Docker hosts for container sessions; Agents are never in the cluster and never shared between zones). On each host:\n");
        command(out, &format!("sudo bash kasm_release/install.sh --role agent --accept-eula --public-hostname AGENT_HOST --manager-hostname {} --manager-token MANAGER_TOKEN", shell_word(host)));
        out.push_str("  - [ ] Open HTTPS 443 on each Agent to the App role (the cluster).\n");
        agent_hosts(out, topology, zone.index);
    }
    if zone.role(Role::ConnectionProxy).placement == Placement::External {
        built = true;
        out.push_str(&format!("- [ ] **Connection Proxy** (Guacamole, RDP gateways; best near the RDP/VNC/SSH workloads), registered into the zone {}:\n", code_span(&zone.name)));
        command(out, &format!("sudo bash kasm_release/install.sh --role guac --accept-eula --api-hostname {} --public-hostname PROXY_HOST --registration-token REGISTRATION_TOKEN --server-zone {}", shell_word(host), shell_word(&zone.name)));
        out.push_str("  - [ ] Open HTTPS 443 on it to the App role, and from it to the workloads (RDP 3389, VNC, SSH); make it reachable from the internet if users run RDP thick clients.\n");
    }
    match zone.role(Role::DedicatedProxy).placement {
        Placement::External => {
            built = true;
            dedicated_proxy_steps(out, zone, sessions, host, false);
        }
        Placement::Optional => dedicated_proxy_steps(out, zone, sessions, host, true),
        Placement::Helm | Placement::NotNeeded => {}
    }
    if !built {
        out.push_str("Nothing to build outside the cluster for this zone.\n");
    }
}

/// The closing checks for one zone; `sessions` is the zone as the operator described it, and
/// `lone` says it is the only zone (which the chart names `default`).
fn verify_zone(out: &mut String, zone: &ZonePlan, sessions: &Zone, host: &str, lone: bool) {
    let proxy_host = if zone.role(Role::DedicatedProxy).placement == Placement::External {
        "`DEDICATED_PROXY_HOST`".to_owned()
    } else {
        code_span(host)
    };
    let name = code_span(&zone.name);
    let kasm_name = if lone {
        format!(
            "{} (the chart's name for the only zone)",
            code_span("default")
        )
    } else {
        name.clone()
    };
    out.push_str(&format!("\n### Zone {}\n\n", markdown_text(&zone.name)));
    out.push_str(&format!("- [ ] Admin UI, Infrastructure, Deployment Zones: the zone {kasm_name} is there with **Proxy Hostname** {proxy_host} and **Upstream Auth Address** {} (or `$request_host$`, which answers with the hostname users reach). If the database existed before this install, the zones were not seeded: make or edit each here.\n", code_span(host)));
    let (containers, rdp) = (sessions.container_sessions, sessions.rdp_vnc_sessions);
    if containers {
        out.push_str(&format!("- [ ] Infrastructure, Agents: every Agent of zone {name} is listed, checked in and **enabled** (a new Agent can arrive disabled).\n"));
        out.push_str("- [ ] Start one container session (a workspace image) in this zone.\n");
    }
    if rdp {
        if zone.role(Role::ConnectionProxy).placement == Placement::External {
            out.push_str(&format!("- [ ] Infrastructure, Connection Proxies: the Connection Proxy is listed in zone {name}.\n"));
        }
        out.push_str("- [ ] Start one RDP/VNC session (a server workspace) in this zone.\n");
    }
    if !containers && !rdp {
        out.push_str("- [ ] This zone runs no sessions yet: tick its session types in the planner when it does.\n");
    } else {
        out.push_str("- [ ] A session stuck at \"Creating a secure connection...\" usually means the zone's Proxy Hostname or Upstream Auth Address does not match the hostname users reach (or a Dedicated Proxy's, if the zone has one), or the certificate does not cover it.\n");
    }
}

/// The checklist for a topology. The caller decides whether the topology may have one (see
/// [`super::render`]); this writes whatever it is given, every value quoted.
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
        "{}, primary first: {}. Public address: {}. Helm chart: kasm-helm {} (Kasm Workspaces {}).\n\n",
        count(planned.zones.len(), "zone"),
        names.join(", "),
        code_span(domain),
        super::CHART_VERSION,
        super::KASM_VERSION
    ));
    out.push_str(concat!("> Made by the Kasm Topology Planner from the Kasm Workspaces ", crate::kasm_version!(), " documentation (\"Kubernetes Deployment Options\", the multi-server install) and the kasm-helm chart's own documentation. Check every command against the Kasm docs for your version before you run it. `AGENT_HOST`, `PROXY_HOST`, `DEDICATED_PROXY_HOST`, `MANAGER_TOKEN` and `REGISTRATION_TOKEN` are placeholders.\n\n"));
    out.push_str(&format!(
        "To build outside the cluster: {}, {}, {} ({} could add one).\n",
        count(totals.agent_pools, "Agent pool"),
        count(totals.connection_proxies, "Connection Proxy host"),
        count(totals.dedicated_proxies, "Dedicated Proxy host"),
        match totals.optional_dedicated_proxies {
            1 => "1 more zone".to_owned(),
            more => format!("{more} more zones"),
        }
    ));
    out.push_str("\n## Cluster: the Helm chart\n\n");
    out.push_str(&format!("- [ ] Prerequisites: Kubernetes 1.24+, Helm 3.18+, `kubectl` for the cluster, a default StorageClass (the built-in PostgreSQL keeps its data on a volume), and DNS you control for {}.\n", code_span(domain)));
    publishing_step(&mut out, topology);
    tls_step(&mut out, topology);
    platform_steps(&mut out, topology);
    out.push_str(
        "- [ ] Write `my-values.yaml` (the planner's Helm values export), then install:\n",
    );
    command(&mut out, &install_command());
    out.push_str(&format!("- [ ] The cluster now runs {}, one per zone, and for the primary zone the Connection Proxy, the Dedicated Proxy and the built-in PostgreSQL database", count(totals.apps_in_cluster, "App instance")));
    if totals.chart_connection_proxies > 0 {
        out.push_str(&format!(
            "; and a Connection Proxy for each of the {} in the primary zone's region",
            count(totals.chart_connection_proxies, "additional zone")
        ));
    }
    out.push_str(".\n");
    if totals.agent_pools > 0 {
        out.push_str("- [ ] Read the manager token that Agents register with:\n");
        command(&mut out, &format!("kubectl get secret --namespace {RELEASE} {RELEASE}-secrets -o jsonpath=\"{{.data.manager-token}}\" | base64 -d"));
    }
    if totals.connection_proxies > 0 {
        out.push_str("- [ ] Read the registration token that Connection Proxies use (the chart's service token):\n");
        command(&mut out, &format!("kubectl get secret --namespace {RELEASE} {RELEASE}-secrets -o jsonpath=\"{{.data.service-token}}\" | base64 -d"));
    }
    let hosts = topology.hostnames();
    for ((zone, sessions), host) in planned.zones.iter().zip(&topology.zones).zip(&hosts) {
        zone_section(&mut out, topology, zone, sessions, host);
    }
    out.push_str("\n## Upgrading Kasm later\n\n");
    out.push_str(&format!("- [ ] Keep `database.storage.retentionPolicy.whenDeleted: Retain` in `my-values.yaml`: a Kasm upgrade replaces the database StatefulSet, and with the chart's default (`Delete`) the old volume, and the database, goes with it (chart {DATABASE_DELETION_UP_TO} and earlier).\n"));
    out.push_str("- [ ] For the upgrade itself, set `dbManagement.initialize: false` and `dbManagement.upgrade.enable: true`, so the chart upgrades the database instead of initialising an empty one.\n");
    if topology.zones.len() > 1 {
        out.push_str("- [ ] `kasmConfig.generatePreseed: true` seeds the zones only at the database's first initialisation (the chart's `docs/preseed.md`: for fresh installs); zones added later are made in the admin UI, Infrastructure, Deployment Zones.\n");
    }
    out.push_str("\n## Verify\n");
    let lone = topology.zones.len() == 1;
    for ((zone, sessions), host) in planned.zones.iter().zip(&topology.zones).zip(&hosts) {
        verify_zone(&mut out, zone, sessions, host, lone);
    }
    out
}
