//! What a values file sets for the chart's pods: `deploymentSize`, and the `components.*`
//! replicas and resources (and `database.resources`) that take the presets' place, read so that
//! "Check my values" can say what the file asks of the cluster.
//!
//! Chart facts (kasm-helm `engine::CHART_VERSION`): `deploymentSize` is a top-level string, the
//! schema's enum small, medium, large, default small (values.yaml L2-7); `components.<c>.replicas`
//! counts when above 0 (`api-deployment.yaml` L5 and the same line of each Deployment and
//! StatefulSet), and `components.rdpGateway.replicas` above 1 fails the render
//! (`rdp-gateway-deployment.yaml` L9-11); a non-empty `resources` map replaces the preset whole
//! (`api-deployment.yaml` L117-121), the sidecars' is `components.<c>.nginxSidecar.resources`
//! (`guac-statefulset.yaml` L160-164), the database's `database.resources`
//! (`db-statefulset.yaml` L84-88), and the database always runs one replica (L13). Guacamole
//! and the RDP gateways render only while `components.<c>.enabled` (default true;
//! `guac-statefulset.yaml` L9); the volumes are `database.storage.pvcSize` GiB (0 for 8) and
//! `components.guac.recordingData.pvcSize` GiB per Guacamole replica (default 10).

use super::yaml::Node;
use crate::engine::capacity::{DeploymentSize, MAX_COUNT};
use crate::engine::reservation::{Amount, ChartOverrides, Component, Resources};
use crate::engine::Severity;

/// A finding about these keys: its severity, key, node and message (the source is [`SOURCE`]).
pub(super) type Said<'a> = (Severity, String, Option<&'a Node>, String);

/// Where the chart says how its pods are sized.
pub(super) const SOURCE: &str = concat!(
    "kasm-helm ",
    crate::chart_version!(),
    " values.yaml (deploymentSize, components.*.replicas \u{201c}Set to 0 to use the deploymentSize preset\u{201d}, resources) and templates/_helpers.tpl (replicas.preset, resources.preset)"
);

/// A Kubernetes CPU quantity (`500m`, `1`, `1.5`) in thousandths of a core.
fn cpu(text: &str) -> Option<u64> {
    let (number, scale) = match text.strip_suffix('m') {
        Some(number) => (number, 1),
        None => (text, 1_000),
    };
    crate::engine::capacity::decimal(number, scale).ok()
}

/// A Kubernetes memory quantity (`512Mi`, `1Gi`, `1G`, `1048576`) in MiB, rounded up.
fn memory(text: &str) -> Option<u64> {
    const UNITS: [(&str, u64); 12] = [
        ("Ki", 1 << 10),
        ("Mi", 1 << 20),
        ("Gi", 1 << 30),
        ("Ti", 1 << 40),
        ("Pi", 1 << 50),
        ("Ei", 1 << 60),
        ("k", 1_000),
        ("M", 1_000_000),
        ("G", 1_000_000_000),
        ("T", 1_000_000_000_000),
        ("P", 1_000_000_000_000_000),
        ("E", 1_000_000_000_000_000_000),
    ];
    let (number, scale) = UNITS
        .iter()
        .find_map(|(suffix, scale)| text.strip_suffix(suffix).map(|number| (number, *scale)))
        .unwrap_or((text, 1));
    let bytes = crate::engine::capacity::decimal(number, scale).ok()?;
    Some(bytes.div_ceil(1 << 20))
}

/// A `resources` map: its requests and limits of CPU and memory. Kubernetes takes a missing
/// request as the limit; a missing limit is none, counted here as the request.
fn resources<'a>(
    node: &'a Node,
    key: &str,
    finding: &mut impl FnMut(Severity, &str, Option<&'a Node>, String),
) -> Option<Resources> {
    let entries = node.entries()?;
    if entries.is_empty() {
        return None;
    }
    let mut read = |part: &str, what: &str, parse: fn(&str) -> Option<u64>| -> Option<u64> {
        let value = node.at(&format!("{part}.{what}"))?;
        let parsed = value.as_str().and_then(parse);
        if parsed.is_none() {
            finding(
                Severity::Warning,
                &format!("{key}.{part}.{what}"),
                Some(value),
                format!(
                    "{key}.{part}.{what} is not a quantity the planner reads ({}): it is left out of the reservation shown",
                    if what == "cpu" { "500m, 1 or 1.5" } else { "512Mi, 1Gi or 1G" }
                ),
            );
        }
        parsed
    };
    let requests = (
        read("requests", "cpu", cpu),
        read("requests", "memory", memory),
    );
    let limits = (read("limits", "cpu", cpu), read("limits", "memory", memory));
    let amount = |first: (Option<u64>, Option<u64>), then: (Option<u64>, Option<u64>)| Amount {
        millicores: first.0.or(then.0).unwrap_or_default(),
        mebibytes: first.1.or(then.1).unwrap_or_default(),
    };
    Some(Resources {
        requests: amount(requests, limits),
        limits: amount(limits, requests),
    })
}

/// `deploymentSize` and the overrides of a values file, with a finding for what the chart
/// refuses (a size not in its enum, more than one RDP gateway).
pub(super) fn chart_figures(
    root: &Node,
) -> (Option<DeploymentSize>, ChartOverrides, Vec<Said<'_>>) {
    let mut said = Vec::new();
    let mut finding = |severity, key: &str, node, message| {
        said.push((severity, key.to_owned(), node, message));
    };
    let size = root.get("deploymentSize").and_then(|node| {
        let text = node.as_str()?;
        let size = DeploymentSize::ALL.into_iter().find(|s| s.key() == text);
        if size.is_none() {
            finding(
                Severity::Error,
                "deploymentSize",
                Some(node),
                format!("deploymentSize is \u{201c}{text}\u{201d}: the chart's schema takes small, medium or large, and Helm refuses the file"),
            );
        }
        size
    });
    let mut overrides = ChartOverrides::default();
    for (at, component) in Component::ALL.into_iter().enumerate() {
        let key = match component {
            Component::Database => "database".to_owned(),
            other => format!("components.{}", other.key()),
        };
        let Some(section) = root.at(&key) else {
            continue;
        };
        if component.has_sidecar() {
            overrides.off[at] = section.get("enabled").is_some_and(|on| !on.truthy());
        }
        if component.replicas_read() {
            if let Some(node) = section.get("replicas") {
                let replicas = node.as_str().and_then(|text| text.parse::<u64>().ok());
                if replicas.is_some_and(|n| n > MAX_COUNT) {
                    finding(
                        Severity::Warning,
                        &format!("{key}.replicas"),
                        Some(node),
                        format!("{key}.replicas is over a million: the planner counts the preset instead"),
                    );
                }
                let replicas = replicas.filter(|&n| n <= MAX_COUNT);
                if component == Component::RdpGateway && replicas.is_some_and(|n| n > 1) {
                    finding(
                        Severity::Error,
                        &format!("{key}.replicas"),
                        Some(node),
                        "components.rdpGateway.replicas is above 1: the chart fails to render (\u{201c}components.rdpGateway.replicas must be 1\u{201d}); leave it 0 for the preset".to_owned(),
                    );
                }
                overrides.replicas[at] = replicas.filter(|&n| n > 0);
            }
        }
        if let Some(node) = section.get("resources") {
            overrides.resources[at] = resources(node, &format!("{key}.resources"), &mut finding);
        }
        if component.has_sidecar() {
            if let Some(node) = section.at("nginxSidecar.resources") {
                overrides.sidecar[at] =
                    resources(node, &format!("{key}.nginxSidecar.resources"), &mut finding);
            }
        }
    }
    let size_gib = |path: &str| {
        root.at(path)
            .and_then(Node::as_str)
            .and_then(|text| text.parse::<u64>().ok())
            .filter(|&gib| gib > 0 && gib <= MAX_COUNT)
    };
    overrides.database_volume_gib = size_gib("database.storage.pvcSize");
    overrides.guac_volume_gib = size_gib("components.guac.recordingData.pvcSize");
    (size, overrides, said)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubernetes_quantities_are_read() {
        assert_eq!(cpu("500m"), Some(500));
        assert_eq!(cpu("1.5"), Some(1_500));
        assert_eq!(cpu("2"), Some(2_000));
        assert_eq!(cpu("lots"), None);
        assert_eq!(memory("512Mi"), Some(512));
        assert_eq!(memory("2Gi"), Some(2_048));
        // 1 G = 953.67 MiB, rounded up.
        assert_eq!(memory("1G"), Some(954));
        assert_eq!(memory("1048576"), Some(1));
        assert_eq!(memory("1.5Gi"), Some(1_536));
        assert_eq!(memory("big"), None);
    }
}
