//! The capacity panel of the tools module: the deployment's capacity figures (the Agent host,
//! the image reservation, the overrides, spare Agents, `deploymentSize`) and the capacity table
//! with its notes. The figures go to the page as one engine edit each; the table's cells come
//! from `crate::export::capacity`, the same as the Markdown and CSV exports. Each zone's peaks are
//! typed in the zone's row of the table.

use leptos::prelude::*;

use super::figure_field::FigureField;
use super::mirror::use_mirror;
use crate::engine::capacity::{
    cores_text, memory_text, read_cores, read_count, read_memory, Capacity, DeploymentSize,
    FigureError, Shape, SizingError, DEFAULT_IMAGE,
};
use crate::engine::{CapacityFigure, Edit, SessionType};
use crate::export::capacity::{notes, rows, Row, HEADER};

/// Which half of a shape a field sets.
#[derive(Clone, Copy)]
enum Half {
    Cores,
    Memory,
}

/// `shape` with one half set to `figure`; the other half, when missing, is `missing`'s. A shape
/// that is all `missing` is no shape: the default stands.
fn with_half(
    shape: Option<Shape>,
    half: Half,
    figure: Option<u64>,
    missing: Shape,
) -> Option<Shape> {
    let mut next = shape.unwrap_or(missing);
    match half {
        Half::Cores => next.millicores = figure.unwrap_or(missing.millicores),
        Half::Memory => next.bytes = figure.unwrap_or(missing.bytes),
    }
    (next != missing).then_some(next)
}

/// A half of a shape as its field shows it: nothing where the missing figure stands.
fn half_of(shape: Option<Shape>, half: Half, missing: Shape) -> Option<u64> {
    let (value, missing) = match half {
        Half::Cores => (shape?.millicores, missing.millicores),
        Half::Memory => (shape?.bytes, missing.bytes),
    };
    (value != missing).then_some(value)
}

/// A host figure not given yet.
const NO_HOST: Shape = Shape {
    millicores: 0,
    bytes: 0,
};

fn host_cores(text: &str) -> Result<Option<u64>, FigureError> {
    read_cores(text, false)
}
fn host_memory(text: &str) -> Result<Option<u64>, FigureError> {
    read_memory(text, false)
}
fn override_cores(text: &str) -> Result<Option<u64>, FigureError> {
    read_cores(text, true)
}
fn override_memory(text: &str) -> Result<Option<u64>, FigureError> {
    read_memory(text, true)
}

/// What the table and its notes show, from one capacity plan.
#[derive(Clone, PartialEq)]
struct Shown {
    zones: Vec<Row>,
    total: Row,
    notes: Vec<String>,
}

/// A zone's row: its name, its peaks as fields where it runs those sessions, and what the plan
/// says of it. The fields stay while the figures change, so typing keeps its place.
#[component]
fn ZoneRow(
    /// The zone's position.
    index: usize,
    /// The table's rows, then its totals.
    table: Memo<Shown>,
) -> impl IntoView {
    let planner = use_mirror();
    let cell = move |at: usize| {
        move || table.with(|shown| shown.zones.get(index).map(|row| row.cells[at].clone()))
    };
    let name = move || {
        table.with(|shown| {
            shown.zones.get(index).map(|row| {
                let marker = if row.primary { " (primary zone)" } else { "" };
                format!("{}{marker}", row.zone)
            })
        })
    };
    let peak = move |kind: SessionType, at: usize| {
        let runs = Memo::new(move |_| {
            planner
                .topology
                .with(|t| t.zones.get(index).is_some_and(|zone| kind.runs(zone)))
        });
        let value = Signal::derive(move || {
            planner
                .topology
                .with(|t| t.zones.get(index).and_then(|zone| kind.peak(zone)))
        });
        let label = move || {
            planner.topology.with(|t| {
                let name = t.zones.get(index).map_or("", |zone| zone.name.as_str());
                format!("{}, zone {name}", kind.peak_label())
            })
        };
        view! {
            <td>
                {move || {
                    if runs.get() {
                        view! {
                            <FigureField
                                id=format!("zone-{index}-{}", kind.key())
                                label=Signal::derive(label)
                                label_hidden=true
                                placeholder="not given"
                                value=value
                                read=read_count
                                show=count_text
                                on_figure=Callback::new(move |peak| {
                                    planner.edit(Edit::SetPeak(index, kind, peak));
                                })
                            />
                        }
                            .into_any()
                    } else {
                        cell(at).into_any()
                    }
                }}
            </td>
        }
    };
    view! {
        <tr>
            <th scope="row">{name}</th>
            {peak(SessionType::Container, 0)}
            {peak(SessionType::RdpVnc, 1)}
            {(2..6).map(|at| view! { <td>{cell(at)}</td> }).collect_view()}
        </tr>
    }
}

/// One of the deployment's figures: its field, and where in [`Capacity`] it stands.
struct Figure {
    figure: CapacityFigure,
    /// The image's first figure: an image larger than the host is said there, once.
    shape: bool,
    /// Typed with a unit (memory): a phone shows its full keyboard.
    unit: bool,
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
    read: fn(&str) -> Result<Option<u64>, FigureError>,
    show: fn(u64) -> String,
    get: fn(&Capacity) -> Option<u64>,
    set: fn(&mut Capacity, Option<u64>),
}

/// The deployment's figures, in the order the panel shows them.
const FIGURES: [Figure; 7] = [
    Figure {
        figure: CapacityFigure::HostCores,
        shape: false,
        unit: false,
        id: "host-cores",
        label: "Agent host cores",
        placeholder: "e.g. 8",
        read: host_cores,
        show: cores_text,
        get: |c| half_of(c.host, Half::Cores, NO_HOST),
        set: |c, v| c.host = with_half(c.host, Half::Cores, v, NO_HOST),
    },
    Figure {
        figure: CapacityFigure::HostMemory,
        shape: false,
        unit: true,
        id: "host-memory",
        label: "Agent host memory",
        placeholder: "e.g. 32 GB",
        read: host_memory,
        show: memory_text,
        get: |c| half_of(c.host, Half::Memory, NO_HOST),
        set: |c, v| c.host = with_half(c.host, Half::Memory, v, NO_HOST),
    },
    Figure {
        figure: CapacityFigure::ImageCores,
        shape: true,
        unit: false,
        id: "image-cores",
        label: "Cores per session (image)",
        placeholder: "2, Kasm's default",
        read: host_cores,
        show: cores_text,
        get: |c| half_of(c.image, Half::Cores, DEFAULT_IMAGE),
        set: |c, v| c.image = with_half(c.image, Half::Cores, v, DEFAULT_IMAGE),
    },
    Figure {
        figure: CapacityFigure::ImageMemory,
        shape: false,
        unit: true,
        id: "image-memory",
        label: "Memory per session (image)",
        placeholder: "2768 MB, Kasm's default",
        read: host_memory,
        show: memory_text,
        get: |c| half_of(c.image, Half::Memory, DEFAULT_IMAGE),
        set: |c, v| c.image = with_half(c.image, Half::Memory, v, DEFAULT_IMAGE),
    },
    Figure {
        figure: CapacityFigure::CoresOverride,
        shape: false,
        unit: false,
        id: "cores-override",
        label: "Cores Override (optional)",
        placeholder: "none",
        read: override_cores,
        show: cores_text,
        get: |c| c.cores_override,
        set: |c, v| c.cores_override = v,
    },
    Figure {
        figure: CapacityFigure::MemoryOverride,
        shape: false,
        unit: true,
        id: "memory-override",
        label: "Memory Override (optional)",
        placeholder: "none",
        read: override_memory,
        show: memory_text,
        get: |c| c.memory_override,
        set: |c, v| c.memory_override = v,
    },
    Figure {
        figure: CapacityFigure::Spares,
        shape: false,
        unit: false,
        id: "spare-agents",
        label: "Spare Agents per zone",
        placeholder: "0",
        read: read_count,
        show: count_text,
        get: |c| (c.spares > 0).then_some(c.spares),
        set: |c, v| c.spares = v.unwrap_or(0),
    },
];

fn count_text(count: u64) -> String {
    count.to_string()
}

/// The figures, then the table and its notes.
#[component]
pub fn CapacityPanel() -> impl IntoView {
    let planner = use_mirror();
    let capacity = Memo::new(move |_| planner.topology.with(|t| t.capacity.clone()));
    let figure =
        move |read: fn(&Capacity) -> Option<u64>| Signal::derive(move || capacity.with(read));
    let change = move |write: fn(&mut Capacity, Option<u64>), figure: CapacityFigure| {
        Callback::new(move |value| {
            let mut next = capacity.get_untracked();
            write(&mut next, value);
            planner.edit(Edit::SetCapacity(next, figure));
        })
    };
    // Said under the image: an image larger than the host starts no session.
    let does_not_fit = move || {
        capacity.with(|c| {
            matches!(
                c.sizing().map(|s| s.sessions_per_agent()),
                Some(Err(SizingError::ImageDoesNotFit))
            )
            .then(|| {
                // The engine's words, as a sentence at the field.
                let words = SizingError::ImageDoesNotFit.to_string();
                let mut chars = words.chars();
                let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
                format!("{}{}.", first.unwrap_or_default(), chars.as_str())
            })
        })
    };
    let choose_size = move |ev: leptos::ev::Event| {
        let mut next = capacity.get_untracked();
        next.size = DeploymentSize::ALL
            .into_iter()
            .find(|size| size.key() == event_target_value(&ev));
        planner.edit(Edit::SetCapacity(next, CapacityFigure::Size));
    };
    // The plan once per change of the topology, and from it the rows and the notes.
    let table = Memo::new(move |_| {
        planner.topology.with(|topology| {
            let plan = topology.capacity_plan();
            let (zones, total) = rows(topology, &plan);
            Shown {
                zones,
                total,
                notes: notes(topology, &plan),
            }
        })
    });
    let count = Memo::new(move |_| planner.topology.with(|t| t.zones.len()));
    view! {
        <fieldset class="settings capacity-figures">
            <legend>"Deployment figures"</legend>
            {FIGURES
                .iter()
                .map(|f| {
                    view! {
                        <FigureField
                            id=f.id
                            label=f.label.to_owned()
                            placeholder=f.placeholder
                            value=figure(f.get)
                            read=f.read
                            show=f.show
                            on_figure=change(f.set, f.figure)
                            problem=Signal::derive(move || if f.shape { does_not_fit() } else { None })
                            inputmode=if f.unit { "text" } else { "decimal" }
                        />
                    }
                })
                .collect_view()}
            <div class="field setting-field">
                <label for="deployment-size">"deploymentSize"</label>
                <select id="deployment-size" on:change=choose_size>
                    <option value="" selected=move || capacity.with(|c| c.size.is_none())>
                        "Automatic, from the peaks"
                    </option>
                    {DeploymentSize::ALL
                        .into_iter()
                        .map(|size| {
                            view! {
                                <option
                                    value=size.key()
                                    selected=move || capacity.with(|c| c.size == Some(size))
                                >
                                    {format!("{} \u{2014} {}", size.key(), size.label())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <p class="hint">
                "Memory: 32 GB, 16 GiB or 2768 MB (a bare figure is GB). Overrides are the Agent's Cores Override and Memory Override in Kasm, for oversubscribing; 0 is none."
            </p>
        </fieldset>
        <div class="table-frame">
            <table class="capacity-table">
                <caption>"Capacity per zone"</caption>
                <thead>
                    <tr>
                        {HEADER.map(|title| view! { <th scope="col">{title}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    <For each=move || 0..count.get() key=|index| *index let:index>
                        <ZoneRow index=index table=table />
                    </For>
                    <tr class="total">
                        <th scope="row">"Total"</th>
                        {(0..6)
                            .map(|cell| view! { <td>{move || table.with(|shown| shown.total.cells[cell].clone())}</td> })
                            .collect_view()}
                    </tr>
                </tbody>
            </table>
        </div>
        <ul class="capacity-notes">
            {move || {
                table.with(|shown| {
                    shown
                        .notes
                        .iter()
                        .map(|note| view! { <li>{note.clone()}</li> })
                        .collect_view()
                })
            }}
        </ul>
    }
}
