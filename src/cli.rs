//! `kasm-topology`: the planner's engine for docs pipelines and terminals. Writes a topology's
//! diagram, table, Helm values, checklist or JSON from a share link or a JSON file, and checks
//! the planner links in Markdown or HTML files. Exit codes: 0 done, 1 the input or a link was
//! refused (with a message on stderr), 2 the command line was wrong.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    use clap::{Parser, Subcommand, ValueEnum};
    use kasm_topology_planner::diagram::svg_file;
    use kasm_topology_planner::engine::{plan, Severity, Topology};
    use kasm_topology_planner::export::capacity::figures as capacity_figures;
    use kasm_topology_planner::export::json::import;
    use kasm_topology_planner::export::{render, Format};
    use kasm_topology_planner::share::scan::planner_links;
    use kasm_topology_planner::share::{decode, link_fragment};

    /// Plans a Kasm Workspaces Kubernetes rollout: what the Helm chart deploys per zone, and what
    /// to build outside the cluster.
    #[derive(Parser)]
    #[command(name = "kasm-topology", version, about, long_about = None)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    /// A topology, and where to write what is made from it.
    #[derive(clap::Args)]
    struct Input {
        /// A planner share link (or its part after '#'), or a topology JSON file.
        topology: String,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    }

    #[derive(Clone, Copy, Debug, ValueEnum)]
    enum TableFormat {
        /// Markdown
        Md,
        /// Comma-separated values
        Csv,
        /// JSON (with --capacity: the capacity figures, as the JavaScript API's capacity())
        Json,
    }

    #[derive(Subcommand)]
    enum Command {
        /// The diagram as SVG, the same file as the planner's "Download SVG".
        Svg(Input),
        /// The role placement table.
        Table {
            #[command(flatten)]
            input: Input,
            /// The table's format.
            #[arg(long, value_enum, default_value_t = TableFormat::Md)]
            format: TableFormat,
            /// The capacity table instead: per zone its peaks, Agent hosts and what the chart
            /// reserves, with the totals (and, in Markdown, the deploymentSize and its notes).
            #[arg(long)]
            capacity: bool,
        },
        /// my-values.yaml for the kasm-helm chart.
        Values(Input),
        /// The provisioning checklist, Markdown.
        Checklist(Input),
        /// The topology as the planner's JSON.
        Json(Input),
        /// Checks the planner links in Markdown or HTML files.
        ///
        /// Each link (an address whose fragment is a topology, or a data-kasm-topology
        /// attribute) must open and plan without errors; each that does not is named with its
        /// file and line, and the exit code is 1.
        Check {
            /// The files to read.
            #[arg(required = true, value_name = "FILE")]
            files: Vec<PathBuf>,
            /// Check only addresses that start with this (the planner's own address), so that
            /// other sites' numbered anchors are left alone.
            #[arg(long, value_name = "URL")]
            planner_url: Option<String>,
        },
        /// Writes the default topology's first screen into the planner's built index.html, for
        /// visitors without JavaScript and for the first paint (run by scripts/build).
        #[command(hide = true)]
        FirstScreen {
            /// The built page (dist/index.html), changed in place.
            page: PathBuf,
        },
    }

    /// What visitors without JavaScript read above the default topology.
    const NO_SCRIPT: &str = "Editing needs JavaScript and WebAssembly: below is the planner's default topology. Allow both for this site to plan your own, or to open a shared link.";

    /// Puts the first screen into the page's `<noscript>`, replacing what it held.
    fn first_screen(page: &Path) -> Result<(), String> {
        let html = std::fs::read_to_string(page)
            .map_err(|error| format!("{}: {error}", page.display()))?;
        let (start, end) = match (html.find("<noscript>"), html.find("</noscript>")) {
            (Some(start), Some(end)) if start < end => (start + "<noscript>".len(), end),
            _ => return Err(format!("{}: no <noscript> to fill", page.display())),
        };
        let screen = kasm_topology_planner::report::first_screen(&Topology::default(), NO_SCRIPT);
        let written = format!("{}{screen}{}", &html[..start], &html[end..]);
        std::fs::write(page, written).map_err(|error| format!("{}: {error}", page.display()))
    }

    /// A topology from a JSON file, or from a link.
    fn read_topology(input: &str) -> Result<Topology, String> {
        let path = Path::new(input);
        if path.is_file() {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("{input} could not be read: {e}"))?;
            return import(&text).map_err(|e| format!("{input}: {e}"));
        }
        let looks_like_a_path = !input.contains('#')
            && (input.contains(std::path::MAIN_SEPARATOR) || input.ends_with(".json"));
        if looks_like_a_path {
            return Err(format!("{input}: no such file"));
        }
        decode(link_fragment(input))
            .map_err(|e| format!("{input}: this link could not be opened: {e}"))
    }

    fn write(output: Option<&Path>, text: &str) -> Result<(), String> {
        match output {
            Some(path) => std::fs::write(path, text)
                .map_err(|e| format!("{} could not be written: {e}", path.display())),
            None => {
                use std::io::Write;
                std::io::stdout()
                    .write_all(text.as_bytes())
                    .map_err(|e| format!("standard output could not be written: {e}"))
            }
        }
    }

    fn export(
        input: &Input,
        make: impl Fn(&Topology) -> Result<String, String>,
    ) -> Result<(), String> {
        let topology = read_topology(&input.topology)?;
        write(input.output.as_deref(), &make(&topology)?)
    }

    fn rendered(format: Format) -> impl Fn(&Topology) -> Result<String, String> {
        move |topology| {
            render(format, topology).map_err(|refused| {
                format!(
                    "no {} for this topology until these are fixed:\n  - {}",
                    format.title(),
                    refused.reasons.join("\n  - ")
                )
            })
        }
    }

    /// Why a planner link is broken, if it is: it does not open, or it plans with errors. Prose
    /// punctuation right after an address is tried without, if the link as written fails.
    fn broken(link: &str) -> Option<String> {
        let fragment = link_fragment(link);
        let trimmed = fragment.trim_end_matches(['.', ',', ';', ':', '?']);
        let topology = match decode(fragment).or_else(|error| decode(trimmed).map_err(|_| error)) {
            Ok(topology) => topology,
            Err(error) => return Some(format!("it could not be opened: {error}")),
        };
        let errors: Vec<String> = plan(&topology)
            .findings
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.message)
            .collect();
        (!errors.is_empty()).then(|| format!("it plans with errors: {}", errors.join("; ")))
    }

    /// Every problem in `files` as "file:line: link: why" (a file that cannot be read is one),
    /// and how many links were read.
    fn check(files: &[PathBuf], planner_url: Option<&str>) -> (Vec<String>, usize) {
        let mut problems = Vec::new();
        let mut links = 0;
        for file in files {
            let text = match std::fs::read(file) {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(error) => {
                    problems.push(format!("{}: could not be read: {error}", file.display()));
                    continue;
                }
            };
            for found in planner_links(&text) {
                if let Some(prefix) = planner_url {
                    if !found.embed && !found.link.starts_with(prefix) {
                        continue;
                    }
                }
                links += 1;
                if let Some(why) = broken(&found.link) {
                    problems.push(format!(
                        "{}:{}: {}: {why}",
                        file.display(),
                        found.line,
                        found.link
                    ));
                }
            }
        }
        (problems, links)
    }

    pub(crate) fn run() -> ExitCode {
        let cli = Cli::parse();
        let done = match &cli.command {
            Command::Svg(input) => export(input, |t| Ok(svg_file(t))),
            Command::Table {
                input,
                format,
                capacity,
            } => match (format, capacity) {
                (TableFormat::Json, true) => export(input, |t| {
                    serde_json::to_string_pretty(&capacity_figures(t))
                        .map(|json| json + "\n")
                        .map_err(|e| e.to_string())
                }),
                (TableFormat::Json, false) => Err(
                    "the placement table as JSON is the plan: use `kasm-topology json`, or `table --capacity --format json` for the capacity figures".to_owned(),
                ),
                (TableFormat::Md, false) => export(input, rendered(Format::TableMarkdown)),
                (TableFormat::Csv, false) => export(input, rendered(Format::TableCsv)),
                (TableFormat::Md, true) => export(input, rendered(Format::CapacityMarkdown)),
                (TableFormat::Csv, true) => export(input, rendered(Format::CapacityCsv)),
            },
            Command::Values(input) => export(input, rendered(Format::HelmValues)),
            Command::Checklist(input) => export(input, rendered(Format::Checklist)),
            Command::Json(input) => export(input, rendered(Format::Json)),
            Command::FirstScreen { page } => first_screen(page),
            Command::Check { files, planner_url } => {
                let (problems, links) = check(files, planner_url.as_deref());
                // One line per problem, each `file:line: …`, for editors and CI annotations.
                for problem in &problems {
                    eprintln!("{problem}");
                }
                eprintln!(
                    "kasm-topology: {} in {}, {} attention",
                    kasm_topology_planner::words::count(links, "planner link"),
                    kasm_topology_planner::words::count(files.len(), "file"),
                    match problems.len() {
                        1 => "1 needs".to_owned(),
                        many => format!("{many} need"),
                    }
                );
                if problems.is_empty() {
                    Ok(())
                } else {
                    return ExitCode::FAILURE;
                }
            }
        };
        match done {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("kasm-topology: {message}");
                ExitCode::FAILURE
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::run()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
