//! `my-values.yaml` for the `kasm-helm` chart [`CHART_VERSION`]: `publicAddr`, how the proxy is
//! published, the TLS source, the database's retention policy and, with several zones,
//! `kasmZones` (primary first).
//!
//! Every key is one the chart documents for `CHART_VERSION` (kasmtech/kasm-helm
//! `charts/kasm-helm/README.md` at the commit 3a8a3cb6 of `CHART_VERSION`, and `values.yaml` /
//! `values.schema.json` at bdf28c4b, which its links point to). The rules followed:
//! - with `kasmZones` the proxy Service must be `ClusterIP` and an Ingress or a Route publishes
//!   the zones (README: "you MUST use either a Route or an Ingress and set the proxyService.type
//!   to ClusterIP"); the chart fails on `LoadBalancer` with `kasmZones`, with an Ingress or with
//!   a Route (`templates/proxy-service-external.yaml`), and on `LoadBalancer` with the Gateway API
//!   (`templates/_validation.tpl`);
//! - `ingress.enabled` defaults to false, and ClusterIP renders no external Service: one of
//!   `ingress`, `route`, `httpRoute` is always enabled here, unless the Service is the
//!   LoadBalancer;
//! - the proxy pods mount `certificate.secretName`, or cert-manager's `<release>-cert-manager`,
//!   as a required volume (`templates/proxy-deployment.yaml`);
//! - `proxy_hostname` is the zone's hostname key (`proxyAddress` is its deprecated alias), and
//!   `primary: true` marks the primary zone and `region_name` a zone's region (`values.yaml`,
//!   `kasmZones`);
//! - `kasmZones` reach the database (each zone's Proxy Hostname) only through the preseed,
//!   `kasmConfig.generatePreseed` (default false; `templates/db-preseed-secret.yaml`,
//!   `docs/preseed.md`), so several zones turn it on, for the fresh install these files are for.
//!   The docs say the preseed is merged into Kasm's default properties; the targeted chart's database
//!   init job that merges it was not among the files read, so that rests on the docs;
//! - `database.storage.retentionPolicy.whenDeleted` defaults to `Delete`, which lets a later
//!   Kasm upgrade delete the bundled database (the chart's CHANGELOG, "Known Issues in Earlier
//!   Releases", for charts up to `DATABASE_DELETION_UP_TO`: "upgrading Kasm to a new version can
//!   delete the database").

use super::{install_command, CHART_VERSION, KASM_VERSION, RELEASE};
use crate::engine::capacity::SizeChoice;
use crate::engine::DATABASE_DELETION_UP_TO;
use crate::engine::{Publishing, Tls, Topology};

/// What the comment of a one-zone values file says before the zone's name (a double-quoted
/// scalar), so that opening the file again gives the zone its name back: the chart itself
/// calls a lone zone `default`.
pub const LONE_ZONE_NAME_MARK: &str = "(this plan calls it ";

/// The DNS Service the proxy's nginx resolves names through on OpenShift, by name: the DNS
/// Operator's `dns-default` in `openshift-dns`. The chart's `nginxResolver` (values.yaml,
/// bdf28c4b L53-65) goes into nginx's `resolver` directive (`templates/proxy-configmaps.yaml`
/// L14, `resolver {{ include "kasm.nginxResolver" $ }} valid=10s ipv6=off;`), which takes a
/// name as well as an address; left empty, the chart looks up `kube-system/kube-dns`
/// (`_helpers.tpl` L43-54 at 3a8a3cb6), which OpenShift does not have, and falls back to
/// 127.0.0.11, where no pod has a resolver.
pub const OPENSHIFT_DNS: &str = "dns-default.openshift-dns.svc.cluster.local";

/// The Service of [`OPENSHIFT_DNS`].
pub const OPENSHIFT_DNS_SERVICE: &str = "dns-default";

/// The namespace of [`OPENSHIFT_DNS`].
pub const OPENSHIFT_DNS_NAMESPACE: &str = "openshift-dns";

/// A YAML double-quoted scalar. Every value is quoted, so that a zone named `123`, `yes` or
/// `null` stays a string, and any character a name may hold is escaped.
pub fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `proxyService` and publisher blocks.
fn publishing(out: &mut String, topology: &Topology) {
    match &topology.publishing {
        Publishing::Ingress { class } => {
            out.push_str(
                "# Published by an Ingress: one rule per zone hostname and one for publicAddr.\n\
                 # With an Ingress the proxy Service must be ClusterIP.\n\
                 proxyService:\n  type: ClusterIP\ningress:\n  enabled: true\n",
            );
            if class.is_empty() {
                out.push_str("  # No ingressClassName: the cluster's default IngressClass.\n");
            } else {
                out.push_str(&format!("  ingressClassName: {}\n", quoted(class)));
            }
        }
        Publishing::Route => out.push_str(&format!(
            "# OpenShift: the pods run as the user and group OpenShift assigns (the restricted-v2\n\
             # SCC refuses the chart's fixed user 1000 otherwise), and the proxy's nginx resolves\n\
             # names through OpenShift's DNS Service (the chart looks for kube-system/kube-dns,\n\
             # which OpenShift does not have).\n\
             isOpenshift: true\n\
             nginxResolver: {}\n\
             # Published by OpenShift Routes: one per zone hostname and one for publicAddr. TLS\n\
             # passes through the router to the proxy's nginx on 8443 (backendProtocol https),\n\
             # which serves the certificate below for every hostname; plain HTTP is redirected.\n\
             # With a Route the proxy Service must be ClusterIP.\n\
             proxyService:\n  type: ClusterIP\nroute:\n  enabled: true\n  backendProtocol: https\n  \
             tls:\n    termination: passthrough\n    insecureEdgeTerminationPolicy: Redirect\n",
            quoted(OPENSHIFT_DNS)
        )),
        Publishing::LoadBalancer => out.push_str(
            "# Published by the proxy Service itself, as a LoadBalancer (one zone only).\n\
             proxyService:\n  type: LoadBalancer\n",
        ),
        Publishing::HttpRoute { gateway, namespace } => {
            out.push_str(&format!(
                "# Published by a Gateway API HTTPRoute for publicAddr, attached to an existing\n\
                 # Gateway (one zone only: in chart {CHART_VERSION} it publishes publicAddr alone).\n\
                 # With the Gateway API the proxy Service must be ClusterIP.\n\
                 proxyService:\n  type: ClusterIP\nhttpRoute:\n  enabled: true\n  parentRefs:\n",
            ));
            out.push_str(&format!(
                "    - name: {}\n      namespace: {}\n",
                quoted(gateway),
                quoted(namespace)
            ));
        }
    }
}

/// The `certificate` block.
fn certificate(out: &mut String, tls: &Tls) {
    match tls {
        Tls::Secret { name } => {
            out.push_str(&format!(
                "# TLS: the proxy pods mount this kubernetes.io/tls Secret; create it before\n\
                 # installing (see the checklist).\n\
                 certificate:\n  secretName: {}\n",
                quoted(name)
            ));
        }
        Tls::CertManager {
            issuer,
            issuer_kind,
        } => {
            out.push_str(&format!(
                "# TLS: cert-manager issues the certificate into the Secret {RELEASE}-cert-manager.\n\
                 # addWildCard: false lists publicAddr and each zone hostname instead of\n\
                 # *.publicAddr, so an HTTP-01 solver can validate them (a wildcard needs DNS-01).\n\
                 certificate:\n  certManager:\n    enabled: true\n    issuerName: {}\n    issuerKind: {}\n    addWildCard: false\n",
                quoted(issuer),
                quoted(issuer_kind.name())
            ));
        }
    }
}

/// `deploymentSize` (kasm-helm `CHART_VERSION` values.yaml L2-7: a top-level string, small,
/// medium or large, default small), with the chart's own words for the size, when the topology
/// has capacity figures; without them the chart's default stays and nothing is written.
fn deployment_size(out: &mut String, topology: &Topology) {
    let Some(choice) = topology.size_choice() else {
        return;
    };
    let size = choice.size();
    let why = match choice {
        SizeChoice::Chosen(_) => "chosen in the planner".to_owned(),
        SizeChoice::Automatic(_, peak) => format!(
            "from {} at peak across the zones; the chart draws no line\n# between its sizes, and the planner takes each label's upper figure",
            crate::words::count(usize::try_from(peak).unwrap_or(usize::MAX), "concurrent session")
        ),
    };
    out.push_str(&format!(
        "# The chart's replicas and resources presets: \"{}\" in the chart's words;\n# {why}.\ndeploymentSize: {}\n",
        size.label(),
        quoted(size.key())
    ));
}

/// The values file. The caller decides whether the topology may have one (see
/// [`super::render`]); this writes whatever it is given, with every value quoted.
pub fn values(topology: &Topology) -> String {
    let mut out = format!(
        "# my-values.yaml for the kasm-helm chart {CHART_VERSION} (Kasm Workspaces {KASM_VERSION}), from the\n\
         # Kasm Topology Planner. Install with:\n\
         #   {}\n\
         # Check every key against the chart's values for your version before installing.\n",
        install_command()
    );
    deployment_size(&mut out, topology);
    out.push_str(&format!("publicAddr: {}\n", quoted(&topology.base_domain)));
    publishing(&mut out, topology);
    certificate(&mut out, &topology.tls);
    out.push_str(&format!(
        "# Keep the database volume when a Kasm upgrade replaces the database StatefulSet: the\n\
         # default, Delete, lets an upgrade delete the database in chart {DATABASE_DELETION_UP_TO}\n\
         # and earlier.\n\
         database:\n  storage:\n    retentionPolicy:\n      whenDeleted: Retain\n",
    ));
    match topology.zones.as_slice() {
        [] => {}
        [only] => {
            out.push_str(&format!(
                "# One zone, reached at publicAddr: kasmZones stays empty and the chart names the zone\n\
                 # \"default\" {LONE_ZONE_NAME_MARK}{}); a region matters only with several zones.\n",
                quoted(&only.name)
            ));
        }
        zones => {
            out.push_str(
                "# A fresh install seeds the database with these zones and their hostnames\n\
                 # (docs/preseed.md): only at its first initialisation. Later zones are made in\n\
                 # the admin UI, Infrastructure, Deployment Zones.\n\
                 kasmConfig:\n  generatePreseed: true\n\
                 # The zones, primary first; each is reached at its proxy_hostname. A zone that\n\
                 # shares the primary's region_name gets Guacamole and the RDP gateways from the chart.\n\
                 kasmZones:\n",
            );
            for (index, (zone, host)) in zones.iter().zip(topology.hostnames()).enumerate() {
                out.push_str(&format!(
                    "  - name: {}\n    proxy_hostname: {}\n",
                    quoted(&zone.name),
                    quoted(&host)
                ));
                if index == 0 {
                    out.push_str("    primary: true\n");
                }
                if !zone.region.is_empty() {
                    out.push_str(&format!("    region_name: {}\n", quoted(&zone.region)));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_what_yaml_would_misread() {
        assert_eq!(quoted("eu-west"), "\"eu-west\"");
        assert_eq!(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(quoted("x\u{7}y\u{2028}"), "\"x\\u0007y\\u2028\"");
        assert_eq!(quoted("\u{fffe}\u{ffff}"), "\"\\uFFFE\\uFFFF\"");
    }

    #[test]
    fn openshifts_dns_is_named_once() {
        assert_eq!(
            OPENSHIFT_DNS,
            format!("{OPENSHIFT_DNS_SERVICE}.{OPENSHIFT_DNS_NAMESPACE}.svc.cluster.local")
        );
    }
}
