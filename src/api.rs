//! The planner's engine as a JavaScript module (`dist/api/`), for docs builds in Node (a
//! Docusaurus, VitePress or Astro plugin) and for pages: links, plans, the diagram's SVG, the
//! table, the Helm values and the checklist, from plain JavaScript objects. Errors are thrown as
//! JavaScript `Error`s with the messages the planner page shows. The page never loads it.

// The exports are reached from JavaScript, which the lint cannot see.
#[cfg(target_arch = "wasm32")]
#[allow(unreachable_pub)]
mod js {
    use kasm_topology_planner::engine::{
        plan as plan_topology, Topology, CHART_VERSION, KASM_VERSION,
    };
    use kasm_topology_planner::export::json::import;
    use kasm_topology_planner::export::{render, Format};
    use kasm_topology_planner::share::{decode, encode, link_fragment, FORMAT_VERSION};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(typescript_custom_section)]
    const TYPES: &'static str = r#"
/** A topology, as the planner's JSON export writes it (without `format` and `version`). */
export interface Topology {
  zones: { name: string; container_sessions: boolean; rdp_vnc_sessions: boolean; dedicated_proxy?: boolean; region?: string; hostname?: string; peak_container_sessions?: number; peak_rdp_vnc_sessions?: number }[];
  base_domain?: string;
  publishing?: { kind: "ingress"; class: string } | { kind: "route" } | { kind: "load_balancer" } | { kind: "http_route"; gateway: string; namespace: string };
  tls?: { kind: "secret"; name: string } | { kind: "cert_manager"; issuer: string; issuer_kind: "Issuer" | "ClusterIssuer" };
  /** Capacity figures: cores in thousandths, memory in bytes. */
  capacity?: { host?: { millicores: number; bytes: number }; image?: { millicores: number; bytes: number }; cores_override?: number; memory_override?: number; spares?: number; size?: "small" | "medium" | "large" };
}
/** CPU in thousandths of a core, memory in MiB. */
export interface Figures { millicores: number; mebibytes: number }
/** Agent hosts per zone, deploymentSize and what the chart's pods request and limit. */
export interface Capacity {
  size: "small" | "medium" | "large";
  size_label: string;
  size_from: "chosen" | "automatic" | "default";
  zones: { name: string; container_peak: number | null; rdp_vnc_peak: number | null; agent_hosts: number | null; sessions_per_agent: number | null; binding: "cpu" | "memory" | "both" | null; agents_not_counted: string | null; requests: Figures; limits: Figures }[];
  agent_hosts: number;
  requests: Figures;
  limits: Figures;
  largest_pod: Figures;
  volume_gib: number;
}
/** Where each role of each zone lives, why, and the totals. */
export interface Plan {
  zones: { index: number; name: string; primary: boolean; roles: { role: string; placement: "helm" | "external" | "optional" | "not_needed"; reason: string; source: string; remark: "none" | { idle: string } }[] }[];
  totals: { apps_in_cluster: number; agent_pools: number; connection_proxies: number; chart_connection_proxies: number; dedicated_proxies: number; optional_dedicated_proxies: number };
  findings: { severity: "error" | "warning"; zone: number | null; message: string }[];
}
"#;

    fn error(message: impl std::fmt::Display) -> JsError {
        JsError::new(&message.to_string())
    }

    /// A topology from a plain object, read as the page reads an imported JSON document: the
    /// same strictness (no unknown field, each of the right kind) and the same messages, and a
    /// saved JSON export works as it is.
    fn topology(value: JsValue) -> Result<Topology, JsError> {
        let text = js_sys::JSON::stringify(&value)
            .ok()
            .and_then(|text| text.as_string())
            .ok_or_else(|| error("this is not a planner topology: it is not a JSON object"))?;
        import(&text).map_err(error)
    }

    fn to_js(value: &impl serde::Serialize) -> Result<JsValue, JsError> {
        value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(error)
    }

    fn export(format: Format, value: JsValue) -> Result<String, JsError> {
        render(format, &topology(value)?).map_err(|refused| {
            error(format!(
                "no {} until these are fixed: {}",
                format.title(),
                refused.reasons.join("; ")
            ))
        })
    }

    /// The topology a share link (or its part after `#`) holds.
    #[wasm_bindgen(js_name = decodeLink, unchecked_return_type = "Topology")]
    pub fn decode_link(link: &str) -> Result<JsValue, JsError> {
        let topology = decode(link_fragment(link))
            .map_err(|e| error(format!("this link could not be opened: {e}")))?;
        to_js(&topology)
    }

    /// The share link's part after `#` for a topology.
    #[wasm_bindgen(js_name = encodeLink)]
    pub fn encode_link(
        #[wasm_bindgen(unchecked_param_type = "Topology")] value: JsValue,
    ) -> Result<String, JsError> {
        Ok(encode(&topology(value)?))
    }

    /// Where each role of each zone lives, why, what to provision, and the findings.
    #[wasm_bindgen(unchecked_return_type = "Plan")]
    pub fn plan(
        #[wasm_bindgen(unchecked_param_type = "Topology")] value: JsValue,
    ) -> Result<JsValue, JsError> {
        to_js(&plan_topology(&topology(value)?))
    }

    /// The diagram as an SVG file, byte for byte the planner's "Download SVG". `options` is kept
    /// for later choices; none are read yet.
    #[wasm_bindgen(js_name = diagramSvg)]
    pub fn diagram_svg(
        #[wasm_bindgen(unchecked_param_type = "Topology")] value: JsValue,
        options: Option<js_sys::Object>,
    ) -> Result<String, JsError> {
        let _ = options;
        Ok(kasm_topology_planner::diagram::svg_file(&topology(value)?))
    }

    /// The role placement table as Markdown.
    #[wasm_bindgen(js_name = tableMarkdown)]
    pub fn table_markdown(
        #[wasm_bindgen(unchecked_param_type = "Topology")] value: JsValue,
    ) -> Result<String, JsError> {
        export(Format::TableMarkdown, value)
    }

    /// `my-values.yaml` for the kasm-helm chart; throws while the topology has errors.
    #[wasm_bindgen(js_name = helmValues)]
    pub fn helm_values(
        #[wasm_bindgen(unchecked_param_type = "Topology")] value: JsValue,
    ) -> Result<String, JsError> {
        export(Format::HelmValues, value)
    }

    /// The provisioning checklist (Markdown); throws while the topology has errors.
    #[wasm_bindgen]
    pub fn checklist(
        #[wasm_bindgen(unchecked_param_type = "Topology")] value: JsValue,
    ) -> Result<String, JsError> {
        export(Format::Checklist, value)
    }

    /// Agent hosts per zone, `deploymentSize` and the chart's requests and limits, per zone and
    /// in total, as figures.
    #[wasm_bindgen(unchecked_return_type = "Capacity")]
    pub fn capacity(
        #[wasm_bindgen(unchecked_param_type = "Topology")] value: JsValue,
    ) -> Result<JsValue, JsError> {
        to_js(&kasm_topology_planner::export::capacity::figures(
            &topology(value)?,
        ))
    }

    /// The capacity table as Markdown, with its notes.
    #[wasm_bindgen(js_name = capacityMarkdown)]
    pub fn capacity_markdown(
        #[wasm_bindgen(unchecked_param_type = "Topology")] value: JsValue,
    ) -> Result<String, JsError> {
        export(Format::CapacityMarkdown, value)
    }

    /// The newest share-link format this module reads and writes.
    #[wasm_bindgen(js_name = linkFormatVersion)]
    pub fn link_format_version() -> u32 {
        FORMAT_VERSION
    }

    /// The documents the rules come from: the Kasm docs version and the kasm-helm chart version.
    #[wasm_bindgen(js_name = rulesVersion)]
    pub fn rules_version() -> String {
        format!("Kasm Workspaces {KASM_VERSION}; kasm-helm {CHART_VERSION}")
    }
}

fn main() {}
