//! The command line as a docs pipeline runs it: each subcommand on a golden link (its output is
//! the golden export), `check` over a Markdown file with a good and a broken link, and bad input
//! answered with a message and a non-zero exit.

// Test code: a panic here is a failed assertion with its reason.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kasm-topology"))
        .args(args)
        .output()
        .expect("the command runs")
}

fn golden(name: &str) -> String {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(name),
    )
    .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout.clone()).unwrap()
}

const CHOOSING: &str =
    "https://planner.example/#1.1primary.0none.1containers.2rdp-vnc.3both.7both-proxy!kasm.acme.io";

#[test]
fn each_subcommand_writes_the_planners_export() {
    for (args, file) in [
        (vec!["values", CHOOSING], "choosing.values.yaml"),
        (vec!["checklist", CHOOSING], "choosing.checklist.md"),
        (vec!["table", CHOOSING], "choosing.table.md"),
        (
            vec!["table", "--format", "csv", CHOOSING],
            "choosing.table.csv",
        ),
        (vec!["json", CHOOSING], "choosing.topology.json"),
    ] {
        assert_eq!(stdout(&run(&args)), golden(file), "{args:?}");
    }
    // From the JSON file too, and to a file with -o.
    let json =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/choosing.topology.json");
    let out = std::env::temp_dir().join(format!("kasm-cli-{}.svg", std::process::id()));
    let json = json.to_str().unwrap();
    assert!(run(&["svg", json, "-o", out.to_str().unwrap()])
        .status
        .success());
    let svg = std::fs::read_to_string(&out).unwrap();
    assert_eq!(svg, stdout(&run(&["svg", CHOOSING])));
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(
        svg,
        kasm_topology_planner::diagram::svg_file(
            &kasm_topology_planner::share::decode(
                "1.1primary.0none.1containers.2rdp-vnc.3both.7both-proxy!kasm.acme.io"
            )
            .unwrap()
        )
    );
    let _ = std::fs::remove_file(out);
}

#[test]
fn check_names_the_file_and_line_of_each_broken_link() {
    let folder = std::env::temp_dir().join(format!("kasm-cli-check-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let good = folder.join("good.md");
    std::fs::write(
        &good,
        format!("# Rollout\n\nThe plan: [open it]({CHOOSING}).\n"),
    )
    .unwrap();
    assert!(run(&["check", good.to_str().unwrap()]).status.success());
    let docs = folder.join("docs.md");
    std::fs::write(
        &docs,
        format!(
            "# Rollout\n\n[good]({CHOOSING})\n\n<div data-kasm-topology=\"#1.3a.1a\"></div>\n\nOld: https://planner.example/#9.3future\n"
        ),
    )
    .unwrap();
    let output = run(&["check", good.to_str().unwrap(), docs.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let errors = String::from_utf8(output.stderr).unwrap();
    let docs_name = docs.display().to_string();
    assert!(
        errors.contains(&format!(
            "{docs_name}:5: #1.3a.1a: it plans with errors: zones 1 and 2 are both named"
        )),
        "{errors}"
    );
    assert!(errors.contains(&format!("{docs_name}:7: https://planner.example/#9.3future: it could not be opened: it was made by a newer planner")), "{errors}");
    assert!(
        errors.contains("kasm-topology: 4 planner links in 2 files, 2 need attention"),
        "{errors}"
    );
    assert!(!errors.contains("good.md"), "{errors}");
    // Prose and other sites' anchors are not planner links; with --planner-url only addresses
    // under it are; punctuation after a good link is prose; an unreadable file is a problem.
    let prose = folder.join("prose.md");
    std::fs::write(
        &prose,
        "Step #2.1 of issue #12.3, see spec.html#3.2-parsing.\n\
         Open **https://planner.example/#1.3primary.1eu-west**, or https://planner.example/#1.3primary.\n",
    )
    .unwrap();
    let only_ours = run(&[
        "check",
        "--planner-url",
        "https://planner.example/",
        prose.to_str().unwrap(),
    ]);
    assert!(only_ours.status.success(), "{only_ours:?}");
    assert!(String::from_utf8_lossy(&only_ours.stderr)
        .contains("2 planner links in 1 file, 0 need attention"));
    let missing = run(&["check", good.to_str().unwrap(), "/no/such/file.md"]);
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("/no/such/file.md: could not be read"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 planner link in 2 files, 1 needs attention"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(folder);
}

#[test]
fn bad_input_is_answered_with_a_message_and_a_non_zero_exit() {
    let unknown = run(&["table", "--colour", CHOOSING]);
    assert_eq!(unknown.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unexpected argument '--colour'"));
    for (args, message) in [
        (
            vec!["values", "1.3a.1B"],
            "1.3a.1B: this link could not be opened: zone 2 in it is damaged",
        ),
        (vec!["values", "missing.json"], "missing.json: no such file"),
        (
            vec!["svg", "/no/such/topology.json"],
            "/no/such/topology.json: no such file",
        ),
        (
            vec!["values", "1.3primary.3~ZXUk"],
            "no Helm values for this topology until these are fixed",
        ),
    ] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("kasm-topology: "), "{stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let help = stdout(&run(&["check", "--help"]));
    assert!(help.contains("Checks the planner links in Markdown or HTML files"));
    assert!(help.contains("--planner-url <URL>"));
}

/// The build's step that writes the default topology's first screen into the page: the table's
/// rows, the diagram and the notice, inside the page's <noscript> (the browser tests check the
/// rows against the golden links); a page without one is refused, unchanged.
#[test]
fn first_screen_fills_the_pages_noscript() {
    let dir = std::env::temp_dir().join(format!("kasm-first-screen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("index.html");
    std::fs::write(
        &page,
        "<html><body><noscript>old</noscript><p>kept</p></body></html>",
    )
    .unwrap();
    let output = run(&["first-screen", page.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.starts_with("<html><body><noscript><div class=\"first-screen\" id=\"first-screen\" data-link=\"4.3primary.1eu-west!EUbpb\">")
    );
    assert!(html.ends_with("</noscript><p>kept</p></body></html>"));
    assert!(!html.contains(">old<"));
    assert!(html.contains("Editing needs JavaScript and WebAssembly"));
    assert!(html.contains("<caption id=\"placement-caption\">Role placement</caption>"));
    // The default topology's zones, in order.
    let primary = html.find(">primary<").expect("the primary zone's row");
    let eu_west = html.find(">eu-west<").expect("eu-west's row");
    assert!(primary < eu_west);
    assert!(html.contains("Kasm Workspaces topology: 2 zones"));
    let bare = dir.join("bare.html");
    std::fs::write(&bare, "<html><body></body></html>").unwrap();
    let refused = run(&["first-screen", bare.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no <noscript> to fill"));
    assert_eq!(
        std::fs::read_to_string(&bare).unwrap(),
        "<html><body></body></html>"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The capacity table from the command line, as Markdown (the golden file) and as JSON read back
/// by serde_json: one zone of 12 container and 4 RDP/VNC sessions at peak (16: medium) on
/// 8-core, 32 GB hosts: 8 / 2 = 4 sessions per Agent (memory 32 / 2.768 = 11), 12 / 4 = 3 hosts.
#[test]
fn the_capacity_table_and_its_figures() {
    let link = "5.3primary!S12r4!Kh8000x32000M!EMAv0";
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(&[
        "table",
        "--capacity",
        "--format",
        "json",
        link,
    ])))
    .unwrap();
    assert_eq!(json["size"], "medium");
    assert_eq!(json["size_from"], "automatic");
    assert_eq!(json["zones"][0]["agent_hosts"], 3);
    assert_eq!(json["zones"][0]["sessions_per_agent"], 4);
    assert_eq!(json["zones"][0]["binding"], "cpu");
    let scenario = "5.1a.3b.1c.2d!S40.25r10..r5!Kh8000x32000Mi1500x2768Ms1dm!EvPWG";
    assert_eq!(
        stdout(&run(&["table", "--capacity", scenario])),
        golden("capacity.capacity.md")
    );
    let refused = run(&["table", "--format", "json", link]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("kasm-topology json"));
}
