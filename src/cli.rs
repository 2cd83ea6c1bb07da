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
    use kasm_topology_planner::export::json::import;
    use kasm_topology_planner::export::{render, Format};
    use kasm_topology_planner::share::decode;
    use kasm_topology_planner::share::scan::planner_links;

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

    #[derive(Clone, Copy, ValueEnum)]
    enum TableFormat {
        /// Markdown
        Md,
        /// Comma-separated values
        Csv,
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
            #[arg(long, value_enum, default_value = "md")]
            format: TableFormat,
        },
        /// my-values.yaml for the kasm-helm chart.
        Values(Input),
        /// The provisioning checklist, Markdown.
        Checklist(Input),
        /// The topology as the planner's JSON.
        Json(Input),
        /// Checks every planner link in Markdown or HTML files: each must open and plan without
        /// errors. Names file and line of each that does not.
        Check {
            /// The files to read.
            #[arg(required = true, value_name = "FILE")]
            files: Vec<PathBuf>,
        },
    }

    /// A topology from a JSON file, or from a link.
    fn read_topology(input: &str) -> Result<Topology, String> {
        let path = Path::new(input);
        if path.is_file() {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("{input} could not be read: {e}"))?;
            return import(&text).map_err(|e| format!("{input}: {e}"));
        }
        let fragment = input
            .split_once('#')
            .map_or(input, |(_, fragment)| fragment);
        decode(fragment).map_err(|e| {
            format!("{input} is no file here, and as a link it could not be opened: {e}")
        })
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

    /// The problems of every planner link in `files`, as "file:line: link: why".
    fn check(files: &[PathBuf]) -> Result<Vec<String>, String> {
        let mut problems = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(file)
                .map_err(|e| format!("{} could not be read: {e}", file.display()))?;
            for found in planner_links(&text) {
                let fragment = found
                    .link
                    .split_once('#')
                    .map_or(found.link.as_str(), |(_, f)| f);
                let why = match decode(fragment) {
                    Err(error) => Some(format!("it could not be opened: {error}")),
                    Ok(topology) => {
                        let errors: Vec<String> = plan(&topology)
                            .findings
                            .into_iter()
                            .filter(|f| f.severity == Severity::Error)
                            .map(|f| f.message)
                            .collect();
                        (!errors.is_empty())
                            .then(|| format!("it plans with errors: {}", errors.join("; ")))
                    }
                };
                if let Some(why) = why {
                    problems.push(format!(
                        "{}:{}: {}: {why}",
                        file.display(),
                        found.line,
                        found.link
                    ));
                }
            }
        }
        Ok(problems)
    }

    pub(crate) fn run() -> ExitCode {
        let cli = Cli::parse();
        let done = match &cli.command {
            Command::Svg(input) => export(input, |t| Ok(svg_file(t))),
            Command::Table { input, format } => export(
                input,
                rendered(match format {
                    TableFormat::Md => Format::TableMarkdown,
                    TableFormat::Csv => Format::TableCsv,
                }),
            ),
            Command::Values(input) => export(input, rendered(Format::HelmValues)),
            Command::Checklist(input) => export(input, rendered(Format::Checklist)),
            Command::Json(input) => export(input, rendered(Format::Json)),
            Command::Check { files } => match check(files) {
                Ok(problems) if problems.is_empty() => Ok(()),
                Ok(problems) => Err(format!(
                    "{}\n{} planner link(s) need attention",
                    problems.join("\n"),
                    problems.len()
                )),
                Err(error) => Err(error),
            },
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
