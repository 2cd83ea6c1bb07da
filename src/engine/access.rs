//! How users reach the cluster and where its TLS certificate comes from: the two deployment
//! settings that stand beside the base domain. They decide which blocks the Helm values enable
//! and which steps the checklist adds; they never move a role (that is `rules.rs`).
//!
//! Chart facts (kasm-helm `CHART_VERSION`, `charts/kasm-helm/README.md` and `values.schema.json`):
//! with `kasmZones` the proxy Service must be `ClusterIP` and an Ingress or an OpenShift Route
//! publishes every zone's hostname; a `LoadBalancer` Service is refused together with
//! `kasmZones`; the Gateway API `httpRoute` publishes `publicAddr` only. The proxy pods mount the
//! TLS secret (`certificate.secretName`, or the one cert-manager makes) as a required volume, and
//! The chart has no self-signed fallback: one of the two must be chosen. Plain data, no browser.

use serde::{Deserialize, Serialize};

use super::names::{is_dns_label, is_dns_name, MAX_DOMAIN_BYTES, MAX_NAME_BYTES};
use super::CHART_VERSION;

/// Longest Kubernetes object name the settings hold (a Secret, an Issuer, an IngressClass, a
/// Gateway): a DNS subdomain, at most 253 bytes.
pub const MAX_OBJECT_NAME_BYTES: usize = MAX_DOMAIN_BYTES;
/// Longest namespace name: a DNS label, at most 63 bytes.
pub const MAX_NAMESPACE_BYTES: usize = MAX_NAME_BYTES;

/// The TLS secret a new topology names; Kasm's own chart test (`tests/ingress_test.yaml` with
/// `tests/values/multizone-config.yaml`) uses the same name.
pub const DEFAULT_TLS_SECRET: &str = "kasm-tls";

/// What publishes the Kasm proxy outside the cluster.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Publishing {
    /// A Kubernetes Ingress (`ingress.enabled`): one rule per zone hostname and one for
    /// `publicAddr`. Any number of zones.
    Ingress {
        /// `ingress.ingressClassName`; empty for the cluster's default class.
        class: String,
    },
    /// OpenShift Routes (`route.enabled`): one per zone and one for `publicAddr`. Any number of
    /// zones.
    Route,
    /// The proxy Service itself as a `LoadBalancer` (`proxyService.type`). One zone only: the
    /// chart refuses it together with `kasmZones`.
    LoadBalancer,
    /// A Gateway API HTTPRoute (`httpRoute.enabled`) attached to an existing Gateway. One zone
    /// only: in `CHART_VERSION` it publishes `publicAddr` alone, never an additional zone's hostname.
    HttpRoute {
        /// The Gateway's name (`httpRoute.parentRefs[0].name`).
        gateway: String,
        /// The Gateway's namespace (`httpRoute.parentRefs[0].namespace`).
        namespace: String,
    },
}

impl Default for Publishing {
    /// An Ingress of the cluster's default class: it serves any number of zones.
    fn default() -> Self {
        Publishing::Ingress {
            class: String::new(),
        }
    }
}

/// The four ways to publish, as the page offers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PublishingKind {
    /// [`Publishing::Ingress`].
    Ingress,
    /// [`Publishing::Route`].
    Route,
    /// [`Publishing::LoadBalancer`].
    LoadBalancer,
    /// [`Publishing::HttpRoute`].
    HttpRoute,
}

impl PublishingKind {
    /// Every kind, in the order the page lists them.
    pub const ALL: [PublishingKind; 4] = [
        PublishingKind::Ingress,
        PublishingKind::Route,
        PublishingKind::LoadBalancer,
        PublishingKind::HttpRoute,
    ];

    /// The option's name.
    pub fn label(self) -> &'static str {
        match self {
            PublishingKind::Ingress => "Ingress",
            PublishingKind::Route => "OpenShift Route",
            PublishingKind::LoadBalancer => "LoadBalancer Service",
            PublishingKind::HttpRoute => "Gateway API HTTPRoute",
        }
    }

    /// A short name for markup and the JSON export.
    pub fn key(self) -> &'static str {
        match self {
            PublishingKind::Ingress => "ingress",
            PublishingKind::Route => "route",
            PublishingKind::LoadBalancer => "load_balancer",
            PublishingKind::HttpRoute => "http_route",
        }
    }

    /// The kind a [`PublishingKind::key`] names.
    pub fn from_key(key: &str) -> Option<PublishingKind> {
        PublishingKind::ALL
            .into_iter()
            .find(|kind| kind.key() == key)
    }

    /// Whether it reaches additional zones' hostnames, not only `publicAddr`.
    pub fn serves_additional_zones(self) -> bool {
        matches!(self, PublishingKind::Ingress | PublishingKind::Route)
    }

    /// This kind with empty names, to be filled in by the user (the default class for an
    /// Ingress).
    pub fn blank(self) -> Publishing {
        match self {
            PublishingKind::Ingress => Publishing::default(),
            PublishingKind::Route => Publishing::Route,
            PublishingKind::LoadBalancer => Publishing::LoadBalancer,
            PublishingKind::HttpRoute => Publishing::HttpRoute {
                gateway: String::new(),
                namespace: String::new(),
            },
        }
    }
}

impl Publishing {
    /// Which of the four it is.
    pub fn kind(&self) -> PublishingKind {
        match self {
            Publishing::Ingress { .. } => PublishingKind::Ingress,
            Publishing::Route => PublishingKind::Route,
            Publishing::LoadBalancer => PublishingKind::LoadBalancer,
            Publishing::HttpRoute { .. } => PublishingKind::HttpRoute,
        }
    }

    /// How the diagram's cluster boundary names the entry point.
    pub fn entry_label(&self) -> String {
        match self {
            Publishing::Ingress { class } if class.is_empty() => {
                "Ingress (default class)".to_owned()
            }
            Publishing::Ingress { class } => format!("Ingress (class {class})"),
            Publishing::Route => "OpenShift Route".to_owned(),
            Publishing::LoadBalancer => "LoadBalancer Service".to_owned(),
            Publishing::HttpRoute { gateway, .. } => format!("HTTPRoute (Gateway {gateway})"),
        }
    }
}

/// The kind of cert-manager issuer (`certificate.certManager.issuerKind`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IssuerKind {
    /// A namespaced `Issuer`, in the release's namespace.
    #[default]
    Issuer,
    /// A cluster-wide `ClusterIssuer`.
    ClusterIssuer,
}

impl IssuerKind {
    /// Both kinds, in the order the page lists them.
    pub const ALL: [IssuerKind; 2] = [IssuerKind::Issuer, IssuerKind::ClusterIssuer];

    /// The Kubernetes kind, as the values file writes it.
    pub fn name(self) -> &'static str {
        match self {
            IssuerKind::Issuer => "Issuer",
            IssuerKind::ClusterIssuer => "ClusterIssuer",
        }
    }

    /// The kind a [`IssuerKind::name`] names.
    pub fn from_name(name: &str) -> Option<IssuerKind> {
        IssuerKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// Where the proxy's TLS certificate comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Tls {
    /// A `kubernetes.io/tls` Secret the operator creates before installing
    /// (`certificate.secretName`).
    Secret {
        /// The Secret's name, in the release's namespace.
        name: String,
    },
    /// cert-manager issues it (`certificate.certManager`).
    CertManager {
        /// The issuer's name (`issuerName`).
        issuer: String,
        /// Issuer or ClusterIssuer (`issuerKind`).
        issuer_kind: IssuerKind,
    },
}

impl Default for Tls {
    /// An existing Secret named [`DEFAULT_TLS_SECRET`].
    fn default() -> Self {
        Tls::Secret {
            name: DEFAULT_TLS_SECRET.to_owned(),
        }
    }
}

/// Whether `name` is a Kubernetes namespace name (RFC 1123 DNS label).
pub fn is_namespace_name(name: &str) -> bool {
    is_dns_label(name)
}

/// What one name of a setting is (for messages) and its most bytes: the one place each name's
/// limit is written, read by the edits that cut a name to fit and by the limits a link or an
/// import must meet.
pub type NameLimit = (&'static str, usize);

const CLASS: NameLimit = ("ingress class name", MAX_OBJECT_NAME_BYTES);
const GATEWAY: NameLimit = ("Gateway name", MAX_OBJECT_NAME_BYTES);
const NAMESPACE: NameLimit = ("Gateway namespace", MAX_NAMESPACE_BYTES);
const SECRET: NameLimit = ("TLS secret name", MAX_OBJECT_NAME_BYTES);
const ISSUER: NameLimit = ("issuer name", MAX_OBJECT_NAME_BYTES);

impl Publishing {
    /// The same setting with each name passed through `f`, which gets the name and its limit.
    pub fn map_names(&self, mut f: impl FnMut(&str, NameLimit) -> String) -> Publishing {
        match self {
            Publishing::Ingress { class } => Publishing::Ingress {
                class: f(class, CLASS),
            },
            Publishing::HttpRoute { gateway, namespace } => Publishing::HttpRoute {
                gateway: f(gateway, GATEWAY),
                namespace: f(namespace, NAMESPACE),
            },
            Publishing::Route => Publishing::Route,
            Publishing::LoadBalancer => Publishing::LoadBalancer,
        }
    }
}

impl Tls {
    /// The same setting with each name passed through `f`, which gets the name and its limit.
    pub fn map_names(&self, mut f: impl FnMut(&str, NameLimit) -> String) -> Tls {
        match self {
            Tls::Secret { name } => Tls::Secret {
                name: f(name, SECRET),
            },
            Tls::CertManager {
                issuer,
                issuer_kind,
            } => Tls::CertManager {
                issuer: f(issuer, ISSUER),
                issuer_kind: *issuer_kind,
            },
        }
    }
}

impl Publishing {
    /// Each name the setting holds, with its limit.
    pub fn names(&self) -> Vec<(&str, NameLimit)> {
        match self {
            Publishing::Ingress { class } => vec![(class, CLASS)],
            Publishing::HttpRoute { gateway, namespace } => {
                vec![(gateway, GATEWAY), (namespace, NAMESPACE)]
            }
            Publishing::Route | Publishing::LoadBalancer => Vec::new(),
        }
    }
}

impl Tls {
    /// Each name the setting holds, with its limit.
    pub fn names(&self) -> Vec<(&str, NameLimit)> {
        match self {
            Tls::Secret { name } => vec![(name, SECRET)],
            Tls::CertManager { issuer, .. } => vec![(issuer, ISSUER)],
        }
    }
}

/// The first name of the two settings that is over its limit: what it is, its bytes, its limit.
pub fn over_limit(publishing: &Publishing, tls: &Tls) -> Option<(&'static str, usize, usize)> {
    publishing
        .names()
        .into_iter()
        .chain(tls.names())
        .find(|(name, (_, max))| name.len() > *max)
        .map(|(name, (what, max))| (what, name.len(), max))
}

/// A setting that does not fit the chart, found by [`problems`]; the message completes "the
/// deployment files are refused: …" and names the setting and the rule.
pub fn problems(publishing: &Publishing, tls: &Tls, zones: usize) -> Vec<String> {
    let mut found = Vec::new();
    let object = |found: &mut Vec<String>, what: &str, name: &str| {
        if !is_dns_name(name) {
            found.push(if name.is_empty() {
                format!("{what} is empty: give it a name")
            } else {
                format!("{what} \u{201c}{name}\u{201d} is not a Kubernetes name (lowercase a-z, 0-9, '-' and '.', starting and ending with a letter or digit)")
            });
        }
    };
    match publishing {
        Publishing::Ingress { class } if !class.is_empty() => {
            object(&mut found, "the ingress class name", class);
        }
        Publishing::Ingress { .. } | Publishing::Route => {}
        Publishing::LoadBalancer => {}
        Publishing::HttpRoute { gateway, namespace } => {
            object(&mut found, "the Gateway name", gateway);
            if !is_namespace_name(namespace) {
                found.push(if namespace.is_empty() {
                    "the Gateway's namespace is empty: name the namespace the Gateway is in"
                        .to_owned()
                } else {
                    format!("the Gateway's namespace \u{201c}{namespace}\u{201d} is not a namespace name (a DNS label: a-z, 0-9, '-')")
                });
            }
        }
    }
    let kind = publishing.kind();
    if zones > 1 && !kind.serves_additional_zones() {
        found.push(match kind {
            PublishingKind::LoadBalancer => format!(
                "a LoadBalancer Service publishes one zone only and the chart refuses it together with kasmZones; with {zones} zones choose Ingress or OpenShift Route"
            ),
            _ => format!(
                "a Gateway API HTTPRoute in chart {CHART_VERSION} publishes publicAddr only, so the additional zones' hostnames would lead nowhere; with {zones} zones choose Ingress or OpenShift Route"
            ),
        });
    }
    match tls {
        Tls::Secret { name } => object(&mut found, "the TLS secret name", name),
        Tls::CertManager { issuer, .. } => {
            object(&mut found, "the cert-manager issuer name", issuer)
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fit_the_chart_for_any_number_of_zones() {
        for zones in [1, 2, 50] {
            assert!(problems(&Publishing::default(), &Tls::default(), zones).is_empty());
            assert!(problems(&Publishing::Route, &Tls::default(), zones).is_empty());
        }
    }

    #[test]
    fn one_zone_publishers_are_refused_with_several_zones() {
        let gateway = Publishing::HttpRoute {
            gateway: "public".into(),
            namespace: "gateways".into(),
        };
        for publishing in [Publishing::LoadBalancer, gateway] {
            assert!(problems(&publishing, &Tls::default(), 1).is_empty());
            let found = problems(&publishing, &Tls::default(), 2);
            assert_eq!(found.len(), 1, "{found:?}");
            assert!(found[0].contains("with 2 zones choose Ingress or OpenShift Route"));
        }
    }

    #[test]
    fn names_must_be_kubernetes_names() {
        let bad_tls = Tls::CertManager {
            issuer: "Lets Encrypt".into(),
            issuer_kind: IssuerKind::ClusterIssuer,
        };
        let found = problems(&Publishing::default(), &bad_tls, 1);
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("the cert-manager issuer name \u{201c}Lets Encrypt\u{201d}"));
        let empty = Tls::Secret {
            name: String::new(),
        };
        assert_eq!(
            problems(&Publishing::default(), &empty, 1),
            ["the TLS secret name is empty: give it a name"]
        );
        let bad_gateway = Publishing::HttpRoute {
            gateway: "gw.example".into(),
            namespace: "a.b".into(),
        };
        let found = problems(&bad_gateway, &Tls::default(), 1);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("namespace \u{201c}a.b\u{201d}"));
        let class = Publishing::Ingress {
            class: "nginx$(id)".into(),
        };
        assert_eq!(problems(&class, &Tls::default(), 1).len(), 1);
    }
}
