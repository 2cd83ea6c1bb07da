//! The read-only parts of the page as HTML, written from a plan: the placement table's rows, the
//! provisioning summary, the findings and the facts about one role. Like the diagram's SVG they
//! are plain strings, so the tests read them natively; the table's rows and the provisioning
//! items come as `Pieces`, one element each, which the page patches where an edit changed them.
//! Every text that may come from a user (zone names, messages) is escaped.

use std::fmt::Write;

use crate::diagram::svg::{xml_escape, Pieces};
use crate::engine::{Plan, Role, RolePlan, Severity, Zone, ZoneChoice, ZonePlan};

/// The "why" of a placement in words: the source's sentence, and which document and section it
/// stands in (the seed page, or the chart for its region rule).
fn why(role_plan: &RolePlan) -> String {
    format!(
        "{} ({}, {})",
        role_plan.reason,
        role_plan.source.document(),
        role_plan.source.title()
    )
}

/// The class that sets the chart's words apart from the seed's.
fn why_class(role_plan: &RolePlan) -> &'static str {
    if role_plan.source.is_chart() {
        "why chart"
    } else {
        "why"
    }
}

/// The placement table's body: a row per zone (`data-zone` holds its index, for pointing at it),
/// its name as the row header, and a cell per role starting with where the role lives. With
/// `show_reasons`, every cell also shows the seed's sentence behind it; it is always the cell's
/// tooltip.
pub fn placement_rows(plan: &Plan, show_reasons: bool) -> Pieces {
    rows(plan, Some(show_reasons))
}

/// The table's rows: with each cell's reason as its tooltip and, with `Some(true)`, written in
/// it; with `None`, no reasons at all (the first screen, which the planner replaces within a
/// second: its tooltips would cost every first visit a quarter of a kilobyte).
fn rows(plan: &Plan, reasons: Option<bool>) -> Pieces {
    let mut rows = Pieces::default();
    for zone in &plan.zones {
        let mut html = String::new();
        let _ = write!(
            html,
            "<tr data-zone=\"{}\"><th scope=\"row\">{}",
            zone.index,
            xml_escape(&zone.name)
        );
        if zone.primary {
            html.push_str("<span class=\"badge\"> (primary zone)</span>");
        }
        html.push_str("</th>");
        for role in Role::ALL {
            let role_plan = zone.role(role);
            let reason = xml_escape(&why(role_plan));
            let _ = write!(html, "<td class=\"cell {}\"", role_plan.placement.key());
            if reasons.is_some() {
                let _ = write!(html, " title=\"{reason}\"");
            }
            let _ = write!(
                html,
                "><span class=\"word\">{}</span>",
                xml_escape(&role_plan.cell_text())
            );
            if reasons == Some(true) {
                let _ = write!(
                    html,
                    "<span class=\"{}\">{reason}</span>",
                    why_class(role_plan)
                );
            }
            html.push_str("</td>");
        }
        html.push_str("</tr>");
        rows.push(html);
    }
    rows
}

/// One zone's placements on a line, as the editor shows them under the zone's choices on a
/// narrow screen, where the table is far below: "App Helm", "Agent External", ...
pub fn placement_line(zone: &ZonePlan) -> String {
    let mut html = String::new();
    for role in Role::ALL {
        let role_plan = zone.role(role);
        let _ = write!(
            html,
            "<span class=\"cell {}\">{} <b>{}</b></span> ",
            role_plan.placement.key(),
            role.name(),
            role_plan.placement.label()
        );
    }
    html
}

/// "What to provision": per zone the components to build outside the cluster, then the totals.
pub fn provision(plan: &Plan) -> String {
    let (section, zones) = provision_pieces(plan);
    section.joined().replace(
        PER_ZONE,
        &format!("<ul class=\"per-zone\">{}</ul>", zones.joined()),
    )
}

/// The list of zones in "What to provision", empty: the page fills it apart.
const PER_ZONE: &str = "<ul class=\"per-zone\"></ul>";

/// "What to provision" in the pieces the page patches: the section's elements, with the list of
/// zones empty, and that list's items.
pub fn provision_pieces(plan: &Plan) -> (Pieces, Pieces) {
    let mut section = Pieces::default();
    section.push("<h2 id=\"provision-heading\">What to provision</h2>".to_owned());
    section.push("<p class=\"hint\">Outside the cluster, per zone:</p>".to_owned());
    section.push(PER_ZONE.to_owned());
    section.push("<h3>Totals</h3>".to_owned());
    let mut zones = Pieces::default();
    for zone in &plan.zones {
        let kind = if zone.primary {
            "primary zone"
        } else {
            "additional zone"
        };
        zones.push(format!(
            "<li><span class=\"zone-name\">{}</span><span class=\"kind\"> ({kind}): </span>\
             <span class=\"components\">{}</span></li>",
            xml_escape(&zone.name),
            xml_escape(&zone.provision_summary())
        ));
    }
    let mut totals = String::from("<dl class=\"totals\">");
    let counts = plan.totals;
    for (term, count) in [
        (
            "App instances in the cluster (Helm)",
            counts.apps_in_cluster,
        ),
        ("Agent pools (Docker hosts, external)", counts.agent_pools),
        (
            "Connection Proxy hosts (external)",
            counts.connection_proxies,
        ),
        (
            "Dedicated Proxy hosts (external, chosen)",
            counts.dedicated_proxies,
        ),
        (
            "Zones that could add a Dedicated Proxy",
            counts.optional_dedicated_proxies,
        ),
    ] {
        let _ = write!(totals, "<dt>{term}</dt><dd>{count}</dd>");
    }
    totals.push_str("</dl>");
    section.push(totals);
    (section, zones)
}

/// The placement table's header row: the zone column, then one per role.
pub fn table_head() -> String {
    Role::ALL
        .iter()
        .fold(String::from("<th scope=\"col\">Zone</th>"), |head, role| {
            format!("{head}<th scope=\"col\">{}</th>", role.name())
        })
}

/// The page's title and the line under it, shared by the page and its static first screen.
pub const TITLE: &str = "Kasm Topology Planner";
/// See [`TITLE`].
pub const TAGLINE: &str = "For your zones and session types: what the Kasm Workspaces Helm chart deploys, and what you build outside the cluster.";

/// The page's first screen as static HTML, for a topology (the default one, written into
/// `index.html` by the build): the title, a notice (`notice`, shown to visitors without
/// JavaScript), the placement table, the diagram as a picture and what to provision, in the
/// page's own classes, and the topology's link (`data-link`), so the boot script can tell
/// whether a visitor will see this topology. Visitors without JavaScript read it as it is; the page's boot script shows
/// it at once to a visitor who will see that topology, before the WebAssembly arrives.
pub fn first_screen(topology: &crate::engine::Topology, notice: &str) -> String {
    let plan = crate::engine::plan(topology);
    let head = table_head();
    format!(
        "<div class=\"first-screen\" id=\"first-screen\" data-link=\"{}\">\
         <header class=\"top\"><h1>{TITLE}</h1><p class=\"tagline\">{TAGLINE}</p></header>\
         <p class=\"no-script\" role=\"note\">{}</p>\
         <main class=\"layout\"><div class=\"results\">\
         <section class=\"placement\" aria-labelledby=\"placement-caption\"><div class=\"table-frame\"><table>\
         <caption id=\"placement-caption\">Role placement</caption><thead><tr>{head}</tr></thead>\
         <tbody>{}</tbody></table></div></section>\
         <section class=\"diagram\" aria-labelledby=\"diagram-heading\"><div class=\"diagram-head\">\
         <h2 id=\"diagram-heading\">Diagram</h2></div><div class=\"diagram-frame\">{}</div></section>\
         <section class=\"provision\" aria-labelledby=\"provision-heading\">{}</section>\
         </div></main></div>",
        xml_escape(&crate::share::encode(topology)),
        xml_escape(notice),
        rows(&plan, None).joined(),
        crate::diagram::svg::render(
            &crate::diagram::layout(topology, &plan),
            crate::diagram::svg::Use::Page,
        ),
        provision(&plan),
    )
}

/// `text` on one line, to be matched line by line: backslashes, line breaks and tabs written as
/// `\\`, `\n`, `\r` and `\t`.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

/// The findings of one severity as list items, each with where it stands in the values file the
/// topology was opened from, if it does: `places` has a line for each finding of that file, its
/// message on one line ([`one_line`]), a tab and its place.
/// A message said twice takes the places in turn.
pub fn findings(plan: &Plan, severity: Severity, places: &str) -> String {
    plan.findings
        .iter()
        .enumerate()
        .filter(|(_, finding)| finding.severity == severity)
        .map(|(index, finding)| {
            let said = one_line(&finding.message);
            let before = plan.findings[..index]
                .iter()
                .filter(|earlier| earlier.message == finding.message)
                .count();
            let place = places
                .lines()
                .filter_map(|line| line.strip_prefix(said.as_str())?.strip_prefix('\t'))
                .nth(before);
            let place = place.map(|place| format!(" (values file: {})", xml_escape(place)));
            format!(
                "<li>{}{}</li>",
                xml_escape(&finding.message),
                place.unwrap_or_default()
            )
        })
        .collect()
}

/// The id of the details panel's checkbox for `choice`.
pub fn choice_id(choice: ZoneChoice) -> String {
    format!("details-choice-{}", choice.key())
}

/// The details panel of one role in one zone: a heading to move focus to, the facts, the zone's
/// choices as checkboxes (`data-choice` names each) and a button to close it
/// (`data-action="close"`).
pub fn role_details(zone: &Zone, plan: &ZonePlan, role: Role) -> String {
    let name = xml_escape(&plan.name);
    let mut html = format!(
        "<h3 id=\"details-heading\" tabindex=\"-1\">{}, zone {name}</h3><dl>{}</dl>\
         <fieldset class=\"details-choices\"><legend>Choices for zone {name}</legend>",
        role.name(),
        role_facts(plan, role)
    );
    for choice in ZoneChoice::ALL {
        if choice.offered(plan.index) {
            let _ = write!(
                html,
                "<label><input type=\"checkbox\" id=\"{}\" data-choice=\"{}\"{}/>{}</label>",
                choice_id(choice),
                choice.key(),
                if choice.is_on(zone) { " checked" } else { "" },
                choice.label()
            );
        }
    }
    html.push_str(
        "</fieldset><button type=\"button\" data-action=\"close\">Close details</button>",
    );
    html
}

/// The facts about one role in one zone, as a description list's terms and details: where it
/// lives, why (the seed's words and their section), what it includes, and what the zone needs
/// outside the cluster.
fn role_facts(zone: &ZonePlan, role: Role) -> String {
    let role_plan = zone.role(role);
    format!(
        "<dt>Placement</dt><dd class=\"details-placement\">{}</dd>\
         <dt>Why</dt><dd class=\"{}\">\u{201c}{}\u{201d} ({}, {})</dd>\
         <dt>Includes</dt><dd>{}</dd>\
         <dt>To provision in this zone</dt><dd>{}</dd>",
        xml_escape(&role_plan.cell_text()),
        why_class(role_plan),
        xml_escape(role_plan.reason),
        role_plan.source.document(),
        xml_escape(role_plan.source.title()),
        xml_escape(role.includes()),
        xml_escape(&zone.provision_summary())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::svg::PIECE_END;
    use crate::engine::{plan, Topology, Zone};

    fn topology(zones: Vec<Zone>) -> Topology {
        Topology {
            zones,
            ..Topology::default()
        }
    }

    #[test]
    fn a_row_per_zone_with_a_cell_per_role_in_order() {
        let plan = plan(&topology(vec![
            Zone::new("primary", true, true),
            Zone::new("eu-west", true, false),
        ]));
        let rows = placement_rows(&plan, false);
        assert_eq!(rows.0.matches(PIECE_END).count(), 2, "a piece each");
        let rows = rows.joined();
        assert_eq!(rows.matches("<tr ").count(), 2);
        assert_eq!(rows.matches("<td ").count(), 8);
        assert!(rows.starts_with(
            "<tr data-zone=\"0\"><th scope=\"row\">primary<span class=\"badge\"> (primary zone)</span></th>"
        ));
        let second = &rows[rows.find("<tr data-zone=\"1\">").unwrap_or(0)..];
        let words: Vec<&str> = second
            .split("<span class=\"word\">")
            .skip(1)
            .filter_map(|cell| cell.split('<').next())
            .collect();
        // Role::ALL order: App, Connection Proxy, Dedicated Proxy, Agent.
        assert_eq!(words, ["Helm", "Not needed", "Optional", "External"]);
    }

    #[test]
    fn reasons_are_tooltips_and_shown_only_when_asked() {
        let plan = plan(&topology(vec![Zone::new("primary", true, true)]));
        let hidden = placement_rows(&plan, false).joined();
        let shown = placement_rows(&plan, true).joined();
        assert_eq!(hidden.matches("title=\"").count(), 4);
        assert_eq!(hidden.matches("class=\"why\"").count(), 0);
        assert_eq!(shown.matches("class=\"why\"").count(), 4);
        let first_screen = rows(&plan, None).joined();
        assert_eq!(first_screen.matches("title=\"").count(), 0);
        assert_eq!(first_screen.matches("<td ").count(), 4);
        let reason = why(plan.zones[0].role(Role::App));
        assert!(shown.contains(&xml_escape(&reason)));
    }

    #[test]
    fn user_text_is_escaped_everywhere() {
        let name = "<img src=x onerror=alert(1)>\"&'";
        let plan = plan(&topology(vec![
            Zone::new(name, true, false),
            Zone::new(name, false, false),
        ]));
        let place = format!(
            "{}\tkasmZones[0].name <b>",
            one_line(&plan.findings[0].message)
        );
        let html = [
            placement_rows(&plan, true).joined(),
            provision(&plan),
            findings(&plan, Severity::Error, &place),
            findings(&plan, Severity::Warning, ""),
            role_details(&Zone::new(name, true, false), &plan.zones[1], Role::Agent),
        ]
        .concat();
        assert!(!html.contains("<img") && !html.contains("<b>"));
        assert!(html.contains("(values file: kasmZones[0].name &lt;b&gt;)"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&amp;&apos;"));
    }

    #[test]
    fn provision_lists_each_zone_and_the_totals() {
        let plan = plan(&topology(vec![
            Zone::new("primary", true, true),
            Zone::new("eu-west", false, true),
        ]));
        let html = provision(&plan);
        let (section, zones) = provision_pieces(&plan);
        assert_eq!(
            section.0.matches(PER_ZONE).count(),
            1,
            "the list, filled apart"
        );
        assert_eq!(zones.0.matches(PIECE_END).count(), 2, "an item per zone");
        assert!(html.starts_with("<h2 id=\"provision-heading\">What to provision</h2>"));
        assert!(html.contains("<ul class=\"per-zone\"><li>") && !html.contains(PIECE_END));
        assert!(html.contains(
            "<span class=\"zone-name\">eu-west</span><span class=\"kind\"> (additional zone): </span>\
             <span class=\"components\">Connection Proxy</span>"
        ));
        assert!(html.contains("<dt>App instances in the cluster (Helm)</dt><dd>2</dd>"));
        assert!(html.contains("<dt>Connection Proxy hosts (external)</dt><dd>1</dd>"));
    }

    #[test]
    fn findings_are_split_by_severity() {
        let plan = plan(&topology(vec![
            Zone::new("same", true, false),
            Zone::new("same", false, false),
        ]));
        let errors = findings(&plan, Severity::Error, "");
        let warnings = findings(&plan, Severity::Warning, "");
        let count = |severity| {
            plan.findings
                .iter()
                .filter(|f| f.severity == severity)
                .count()
        };
        assert_eq!(errors.matches("<li>").count(), count(Severity::Error));
        assert_eq!(warnings.matches("<li>").count(), count(Severity::Warning));
        assert!(count(Severity::Error) > 0 && count(Severity::Warning) > 0);
    }

    /// A place goes with its finding's words, whichever list shows it; words said twice take
    /// their places in turn; a name with a line break keeps its place.
    #[test]
    fn places_go_with_the_findings_they_name() {
        let plan = plan(&topology(vec![
            Zone::new("a\nb", true, false).with_region(" r"),
            Zone::new("a\nb", true, false).with_region(" r"),
            Zone::new("c", false, false),
        ]));
        let line = |finding: usize, place: &str| {
            format!("{}\t{place}", one_line(&plan.findings[finding].message))
        };
        let regions: Vec<usize> = (0..plan.findings.len())
            .filter(|&i| plan.findings[i].message.starts_with("the region of"))
            .collect();
        assert_eq!(regions.len(), 2);
        assert_eq!(
            plan.findings[regions[0]].message, plan.findings[regions[1]].message,
            "two zones of one name say the same words"
        );
        let warning = plan.findings.len() - 1;
        let places = [
            line(regions[0], "kasmZones[0].region_name, line 5, column 18"),
            line(regions[1], "kasmZones[1].region_name, line 9, column 18"),
            line(warning, "kasmZones[2]"),
        ]
        .join("\n");
        let errors = findings(&plan, Severity::Error, &places);
        let first = errors
            .find("kasmZones[0].region_name")
            .unwrap_or(usize::MAX);
        let second = errors
            .find("kasmZones[1].region_name")
            .unwrap_or(usize::MAX);
        assert!(first < second && second < usize::MAX, "{errors}");
        let warnings = findings(&plan, Severity::Warning, &places);
        assert!(
            warnings.ends_with(" (values file: kasmZones[2])</li>"),
            "{warnings}"
        );
        // No line break or tab is left, and the escape of a backslash differs from a break.
        assert_eq!(one_line("a\\n\nb\tc\r"), "a\\\\n\\nb\\tc\\r");
        // Words that are not the file's get no place.
        assert!(
            !findings(&plan, Severity::Warning, "other words\tkasmZones[2]")
                .contains("values file")
        );
    }

    #[test]
    fn details_offer_the_zone_choices_as_they_stand() {
        let mut eu_west = Zone::new("eu-west", true, false);
        eu_west.dedicated_proxy = true;
        let topology = topology(vec![Zone::new("primary", false, true), eu_west.clone()]);
        let plan = plan(&topology);
        let primary = role_details(&topology.zones[0], &plan.zones[0], Role::App);
        assert!(primary
            .starts_with("<h3 id=\"details-heading\" tabindex=\"-1\">App, zone primary</h3>"));
        assert!(primary.contains("data-choice=\"container\"/>Container sessions"));
        assert!(primary.contains("data-choice=\"rdp-vnc\" checked/>RDP/VNC sessions"));
        assert!(
            !primary.contains("dedicated-proxy"),
            "the chart gives the primary its own"
        );
        let additional = role_details(&eu_west, &plan.zones[1], Role::DedicatedProxy);
        assert!(additional.contains("data-choice=\"container\" checked/>"));
        assert!(additional.contains("data-choice=\"rdp-vnc\"/>"));
        assert!(additional.contains(
            "id=\"details-choice-dedicated-proxy\" data-choice=\"dedicated-proxy\" checked/>Dedicated Proxy"
        ));
        assert!(additional
            .ends_with("<button type=\"button\" data-action=\"close\">Close details</button>"));
    }

    #[test]
    fn role_facts_quote_the_seed_and_its_section() {
        let plan = plan(&topology(vec![
            Zone::new("primary", true, true),
            Zone::new("eu-west", true, false),
        ]));
        let zone = &plan.zones[1];
        let facts = role_facts(zone, Role::Agent);
        let agent = zone.role(Role::Agent);
        assert!(facts.contains("<dd class=\"details-placement\">External</dd>"));
        assert!(facts.contains(&xml_escape(agent.reason)));
        assert!(facts.contains(&xml_escape(agent.source.title())));
        assert!(facts.contains(&xml_escape(&zone.provision_summary())));
    }
}
