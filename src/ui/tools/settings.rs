//! The deployment settings at the head of the export panel: what publishes the cluster (Ingress,
//! OpenShift Route, LoadBalancer, Gateway API HTTPRoute) and where its TLS certificate comes
//! from (an existing Secret or cert-manager). They live in the tools module, beside the exports
//! they shape, so a first visit does not carry them. Each change goes to the page as an engine
//! edit, undoable and carried in the share link; whether the chart accepts the result is the
//! engine's finding, not decided here.

use leptos::prelude::*;

use super::mirror::use_mirror;
use crate::engine::{Edit, IssuerKind, Publishing, PublishingKind, Tls, Topology};

/// A labelled text field whose value is read from the topology and written back as an edit.
#[component]
fn NameField(
    /// The field's id, for its label.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// What the field shows while empty.
    #[prop(optional)]
    placeholder: &'static str,
    /// The current value.
    value: Signal<String>,
    /// The edit a new value makes.
    edit: fn(&Topology, String) -> Edit,
) -> impl IntoView {
    let planner = use_mirror();
    let cut = RwSignal::new(false);
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                type="text"
                autocomplete="off"
                spellcheck="false"
                placeholder=placeholder
                prop:value=move || value.get()
                on:input=move |ev| {
                    let next = planner.topology.with_untracked(|t| edit(t, event_target_value(&ev)));
                    cut.set(planner.edit(next));
                }
            />
            <span class="hint" role="status">
                {move || cut.get().then_some("Cut to fit: Kubernetes names are at most 253 bytes, a namespace 63.")}
            </span>
        </div>
    }
}

/// The Gateway's name and namespace, empty unless an HTTPRoute publishes.
fn gateway_of(publishing: &Publishing) -> (String, String) {
    match publishing {
        Publishing::HttpRoute { gateway, namespace } => (gateway.clone(), namespace.clone()),
        _ => (String::new(), String::new()),
    }
}

/// The HTTPRoute setting with its Gateway name or namespace replaced.
fn http_route(t: &Topology, gateway: Option<String>, namespace: Option<String>) -> Edit {
    let (now_gateway, now_namespace) = gateway_of(&t.publishing);
    Edit::SetPublishing(Publishing::HttpRoute {
        gateway: gateway.unwrap_or(now_gateway),
        namespace: namespace.unwrap_or(now_namespace),
    })
}

/// "Published by" and its names.
#[component]
pub fn PublishingSettings() -> impl IntoView {
    let planner = use_mirror();
    let publishing = Memo::new(move |_| planner.topology.with(|t| t.publishing.clone()));
    let zones = Memo::new(move |_| planner.topology.with(|t| t.zones.len()));
    let kind = move || publishing.with(Publishing::kind);
    let choose = move |ev: leptos::ev::Event| {
        if let Some(next) = PublishingKind::from_key(&event_target_value(&ev)) {
            if next != kind() {
                planner.edit(Edit::SetPublishing(next.blank()));
            }
        }
    };
    let class = Signal::derive(move || match publishing.get() {
        Publishing::Ingress { class } => class,
        _ => String::new(),
    });
    let gateway = Signal::derive(move || publishing.with(|p| gateway_of(p).0));
    let namespace = Signal::derive(move || publishing.with(|p| gateway_of(p).1));
    view! {
        <div class="field setting-field">
            <label for="publishing">"Published by"</label>
            <select id="publishing" aria-describedby="publishing-hint" on:change=choose>
                {PublishingKind::ALL
                    .into_iter()
                    .map(|option| {
                        let one_zone = !option.serves_additional_zones();
                        let label = if one_zone {
                            format!("{} (one zone only)", option.label())
                        } else {
                            option.label().to_owned()
                        };
                        view! {
                            <option
                                value=option.key()
                                selected=move || kind() == option
                                disabled=move || { one_zone && zones.get() > 1 && kind() != option }
                            >
                                {label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <span class="hint" id="publishing-hint">
                {move || match kind() {
                    PublishingKind::Ingress | PublishingKind::Route => {
                        "Every zone hostname and the public address are published."
                    }
                    PublishingKind::LoadBalancer => {
                        "The proxy Service gets an external address; the chart refuses it with several zones."
                    }
                    PublishingKind::HttpRoute => {
                        concat!("Publishes the public address only (chart ", crate::chart_version!(), "), so it serves one zone.")
                    }
                }}
                {move || {
                    (zones.get() > 1)
                        .then_some(" LoadBalancer and HTTPRoute serve one zone only, so they are not offered with several.")
                }}
            </span>
        </div>
        {move || match kind() {
            PublishingKind::Ingress => {
                view! {
                    <NameField
                        id="ingress-class"
                        label="Ingress class name"
                        placeholder="the cluster's default class"
                        value=class
                        edit=|_, class| Edit::SetPublishing(Publishing::Ingress { class })
                    />
                }
                    .into_any()
            }
            PublishingKind::HttpRoute => {
                view! {
                    <NameField
                        id="gateway-name"
                        label="Gateway name"
                        value=gateway
                        edit=|t, gateway| http_route(t, Some(gateway), None)
                    />
                    <NameField
                        id="gateway-namespace"
                        label="Gateway's namespace"
                        value=namespace
                        edit=|t, namespace| http_route(t, None, Some(namespace))
                    />
                }
                    .into_any()
            }
            PublishingKind::Route | PublishingKind::LoadBalancer => ().into_any(),
        }}
    }
}

/// "TLS certificate from" and its names.
#[component]
pub fn TlsSettings() -> impl IntoView {
    let planner = use_mirror();
    let tls = Memo::new(move |_| planner.topology.with(|t| t.tls.clone()));
    let is_cert_manager = move || tls.with(|tls| matches!(tls, Tls::CertManager { .. }));
    let choose = move |ev: leptos::ev::Event| {
        let cert_manager = event_target_value(&ev) == "cert-manager";
        if cert_manager != is_cert_manager() {
            planner.edit(Edit::SetTls(if cert_manager {
                Tls::CertManager {
                    issuer: String::new(),
                    issuer_kind: IssuerKind::default(),
                }
            } else {
                Tls::default()
            }));
        }
    };
    let secret = Signal::derive(move || match tls.get() {
        Tls::Secret { name } => name,
        Tls::CertManager { .. } => String::new(),
    });
    let issuer = Signal::derive(move || match tls.get() {
        Tls::CertManager { issuer, .. } => issuer,
        Tls::Secret { .. } => String::new(),
    });
    let issuer_kind = move || match tls.get() {
        Tls::CertManager { issuer_kind, .. } => issuer_kind,
        Tls::Secret { .. } => IssuerKind::default(),
    };
    let choose_kind = move |ev: leptos::ev::Event| {
        if let Some(issuer_kind) = IssuerKind::from_name(&event_target_value(&ev)) {
            planner.edit(Edit::SetTls(Tls::CertManager {
                issuer: issuer.get_untracked(),
                issuer_kind,
            }));
        }
    };
    view! {
        <div class="field setting-field">
            <label for="tls-source">"TLS certificate from"</label>
            <select id="tls-source" on:change=choose>
                <option value="secret" selected=move || !is_cert_manager()>
                    "An existing Secret"
                </option>
                <option value="cert-manager" selected=is_cert_manager>
                    "cert-manager"
                </option>
            </select>
        </div>
        {move || {
            if is_cert_manager() {
                view! {
                    <NameField
                        id="issuer-name"
                        label="Issuer name"
                        value=issuer
                        edit=|t, issuer| {
                            let issuer_kind = match &t.tls {
                                Tls::CertManager { issuer_kind, .. } => *issuer_kind,
                                Tls::Secret { .. } => IssuerKind::default(),
                            };
                            Edit::SetTls(Tls::CertManager { issuer, issuer_kind })
                        }
                    />
                    <div class="field setting-field">
                        <label for="issuer-kind">"Issuer kind"</label>
                        <select id="issuer-kind" on:change=choose_kind>
                            {IssuerKind::ALL
                                .into_iter()
                                .map(|kind| {
                                    view! {
                                        <option value=kind.name() selected=move || issuer_kind() == kind>
                                            {kind.name()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <NameField
                        id="tls-secret"
                        label="TLS secret name"
                        value=secret
                        edit=|_, name| Edit::SetTls(Tls::Secret { name })
                    />
                }
                    .into_any()
            }
        }}
    }
}
