//! Helm values for the `kasm-helm` chart, Kasm 1.19.x keys: `publicAddr`, `proxyService.type`
//! and `kasmZones` (`name`, `proxyAddress`), primary zone first.

use super::zone_hostname;
use crate::engine::Topology;

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
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The values file.
pub fn values(topology: &Topology) -> String {
    let mut out = String::from(
        "# my-values.yaml for the kasm-helm chart (Kasm Workspaces 1.19.x), from the Kasm Topology Planner.\n\
         # Check every key against the chart's values for your version before installing.\n",
    );
    out.push_str(&format!("publicAddr: {}\n", quoted(&topology.base_domain)));
    match topology.zones.as_slice() {
        [] => {}
        [only] => {
            out.push_str(&format!(
                "# One zone: the chart creates it as \"default\". To name it {} instead, list it\n\
                 # under kasmZones and set proxyService.type: ClusterIP behind an Ingress.\n",
                quoted(&only.name)
            ));
        }
        zones => {
            out.push_str(
                "# Several zones need an Ingress (or Route / Gateway API): the chart refuses a\n\
                 # LoadBalancer proxy service together with kasmZones.\n\
                 proxyService:\n  type: ClusterIP\n\
                 # The first zone is the primary zone. One certificate must cover publicAddr and\n\
                 # every proxyAddress.\n\
                 kasmZones:\n",
            );
            for zone in zones {
                out.push_str(&format!(
                    "  - name: {}\n    proxyAddress: {}\n",
                    quoted(&zone.name),
                    quoted(&zone_hostname(&zone.name, &topology.base_domain))
                ));
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
    }
}
