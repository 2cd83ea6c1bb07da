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

use super::names::{is_dns_label, MAX_DOMAIN_BYTES, MAX_NAME_BYTES};

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
