//! Every change the zone editor can make, as plain operations on a [`Topology`].
//!
//! The page only says which edit the user asked for; what it does to the zones, and what it
//! refuses, is decided here and tested natively.

use super::access::{Publishing, Tls};
use super::capacity::{Capacity, Shape, MAX_COUNT};
use super::topology::{
    Topology, Zone, MAX_DOMAIN_BYTES, MAX_NAME_BYTES, MAX_REGION_BYTES, MAX_ZONES,
};

/// One change the user makes to the zones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Append a new additional zone with a fresh name.
    AddZone,
    /// Remove the zone at this position.
    RemoveZone(usize),
    /// Swap the zone at this position with the one before it.
    MoveUp(usize),
    /// Swap the zone at this position with the one after it.
    MoveDown(usize),
    /// Move the zone at this position to the front: it becomes the primary zone.
    MakePrimary(usize),
    /// Rename a zone.
    Rename(usize, String),
    /// Say whether a zone runs container sessions.
    SetContainerSessions(usize, bool),
    /// Say whether a zone runs RDP/VNC sessions.
    SetRdpVncSessions(usize, bool),
    /// Choose a Dedicated Proxy for a zone, or not.
    SetDedicatedProxy(usize, bool),
    /// Set the base domain that zone hostnames are made from.
    SetBaseDomain(String),
    /// Put a zone in a region (`region_name`), or in none with "".
    SetRegion(usize, String),
    /// Reach a zone at its own hostname (`proxy_hostname`), or at `<zone>.<base domain>` with "".
    SetHostname(usize, String),
    /// Choose what publishes the proxy outside the cluster, with its names.
    SetPublishing(Publishing),
    /// Choose where the TLS certificate comes from, with its names.
    SetTls(Tls),
    /// Give a zone's peak of concurrent sessions of one type, or clear it with `None`.
    SetPeak(usize, SessionType, Option<u64>),
    /// Set the deployment's capacity figures (the Agent host, the image, the overrides, the
    /// spares, the size); the second names the one that changed, for undo.
    SetCapacity(Capacity, CapacityFigure),
}

/// One of the deployment's capacity figures, as an edit changes it: typing in one field is one
/// step of undo, the next field another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CapacityFigure {
    /// The Agent host's cores.
    HostCores,
    /// The Agent host's memory.
    HostMemory,
    /// The image reservation's cores.
    ImageCores,
    /// The image reservation's memory.
    ImageMemory,
    /// The Cores Override.
    CoresOverride,
    /// The Memory Override.
    MemoryOverride,
    /// The spare Agents.
    Spares,
    /// `deploymentSize`.
    Size,
}

impl CapacityFigure {
    /// The first figure that differs between `a` and `b`, if any.
    pub fn changed(a: &Capacity, b: &Capacity) -> Option<CapacityFigure> {
        let cores = |shape: Option<Shape>| shape.map(|shape| shape.millicores);
        [
            (cores(a.host) != cores(b.host), CapacityFigure::HostCores),
            (a.host != b.host, CapacityFigure::HostMemory),
            (cores(a.image) != cores(b.image), CapacityFigure::ImageCores),
            (a.image != b.image, CapacityFigure::ImageMemory),
            (
                a.cores_override != b.cores_override,
                CapacityFigure::CoresOverride,
            ),
            (
                a.memory_override != b.memory_override,
                CapacityFigure::MemoryOverride,
            ),
            (a.spares != b.spares, CapacityFigure::Spares),
            (a.size != b.size, CapacityFigure::Size),
        ]
        .into_iter()
        .find_map(|(differs, figure)| differs.then_some(figure))
    }
}

/// The two kinds of session a zone runs, each with its own peak.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionType {
    /// Container sessions, on the zone's Agents.
    Container,
    /// RDP/VNC sessions, through the zone's Connection Proxy.
    RdpVnc,
}

impl SessionType {
    /// Both, in the order the page shows them.
    pub const ALL: [SessionType; 2] = [SessionType::Container, SessionType::RdpVnc];

    /// The label of the field that takes the peak.
    pub fn peak_label(self) -> &'static str {
        match self {
            SessionType::Container => "Peak container sessions",
            SessionType::RdpVnc => "Peak RDP/VNC sessions",
        }
    }

    /// A short name for markup.
    pub fn key(self) -> &'static str {
        match self {
            SessionType::Container => "container-peak",
            SessionType::RdpVnc => "rdp-vnc-peak",
        }
    }

    /// Whether the zone runs this type of session.
    pub fn runs(self, zone: &Zone) -> bool {
        match self {
            SessionType::Container => zone.container_sessions,
            SessionType::RdpVnc => zone.rdp_vnc_sessions,
        }
    }

    /// The zone's peak of this type, as given.
    pub fn peak(self, zone: &Zone) -> Option<u64> {
        match self {
            SessionType::Container => zone.peak_container_sessions,
            SessionType::RdpVnc => zone.peak_rdp_vnc_sessions,
        }
    }

    fn peak_mut(self, zone: &mut Zone) -> &mut Option<u64> {
        match self {
            SessionType::Container => &mut zone.peak_container_sessions,
            SessionType::RdpVnc => &mut zone.peak_rdp_vnc_sessions,
        }
    }
}

/// One of a zone's three choices, as the page offers them: each a checkbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZoneChoice {
    /// The zone runs container sessions.
    ContainerSessions,
    /// The zone runs RDP/VNC sessions.
    RdpVncSessions,
    /// A Dedicated Proxy is chosen for the zone (additional zones only).
    DedicatedProxy,
}

impl ZoneChoice {
    /// Every choice, in the order the page shows them.
    pub const ALL: [ZoneChoice; 3] = [
        ZoneChoice::ContainerSessions,
        ZoneChoice::RdpVncSessions,
        ZoneChoice::DedicatedProxy,
    ];

    /// The label the user reads.
    pub fn label(self) -> &'static str {
        match self {
            ZoneChoice::ContainerSessions => "Container sessions",
            ZoneChoice::RdpVncSessions => "RDP/VNC sessions",
            ZoneChoice::DedicatedProxy => "Dedicated Proxy",
        }
    }

    /// A short name for markup (ids and data attributes).
    pub fn key(self) -> &'static str {
        match self {
            ZoneChoice::ContainerSessions => "container",
            ZoneChoice::RdpVncSessions => "rdp-vnc",
            ZoneChoice::DedicatedProxy => "dedicated-proxy",
        }
    }

    /// The choice a [`ZoneChoice::key`] names.
    pub fn from_key(key: &str) -> Option<ZoneChoice> {
        ZoneChoice::ALL
            .into_iter()
            .find(|choice| choice.key() == key)
    }

    /// Whether the zone has it.
    pub fn is_on(self, zone: &Zone) -> bool {
        match self {
            ZoneChoice::ContainerSessions => zone.container_sessions,
            ZoneChoice::RdpVncSessions => zone.rdp_vnc_sessions,
            ZoneChoice::DedicatedProxy => zone.dedicated_proxy,
        }
    }

    /// Whether the zone at `index` offers it: the primary zone gets its Dedicated Proxy from the
    /// chart, so it has no such choice.
    pub fn offered(self, index: usize) -> bool {
        index > 0 || self != ZoneChoice::DedicatedProxy
    }

    /// The edit that turns it on or off for the zone at `index`.
    pub fn edit(self, index: usize, on: bool) -> Edit {
        match self {
            ZoneChoice::ContainerSessions => Edit::SetContainerSessions(index, on),
            ZoneChoice::RdpVncSessions => Edit::SetRdpVncSessions(index, on),
            ZoneChoice::DedicatedProxy => Edit::SetDedicatedProxy(index, on),
        }
    }
}

/// What became of an edit that was carried out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Done as asked; the position of the zone the edit concerns now.
    Done(usize),
    /// A name was longer than [`MAX_NAME_BYTES`] and was cut to fit.
    NameCut(usize),
    /// The base domain was longer than [`MAX_DOMAIN_BYTES`] and was cut to fit.
    DomainCut,
    /// A name in the publishing or TLS setting was over its limit and was cut to fit.
    SettingCut,
}

impl Applied {
    /// A deployment setting set, cut to fit or not.
    fn setting(cut: bool) -> Applied {
        if cut {
            Applied::SettingCut
        } else {
            Applied::Done(0)
        }
    }
}

/// Why an edit was refused; the topology is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// Adding would exceed [`MAX_ZONES`].
    TooManyZones,
    /// The last zone cannot be removed: a topology needs at least one.
    LastZone,
    /// No zone at that position, or no move possible in that direction.
    NoSuchZone(usize),
    /// A capacity figure is past its limit.
    FigureTooLarge,
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::TooManyZones => {
                write!(
                    f,
                    "the planner handles at most {MAX_ZONES} zones; remove one first"
                )
            }
            EditError::LastZone => write!(
                f,
                "a topology needs at least one zone; add another before removing this one"
            ),
            EditError::NoSuchZone(index) => write!(f, "there is no zone {} to change", index + 1),
            EditError::FigureTooLarge => write!(f, "a capacity figure is past its limit"),
        }
    }
}

impl Edit {
    /// Whether two edits in a row are one change for undo: typing a name key by key is one.
    pub fn continues(&self, previous: &Edit) -> bool {
        matches!((self, previous), (Edit::Rename(a, _), Edit::Rename(b, _)) if a == b)
            || matches!((self, previous), (Edit::SetRegion(a, _), Edit::SetRegion(b, _)) if a == b)
            || matches!((self, previous), (Edit::SetHostname(a, _), Edit::SetHostname(b, _)) if a == b)
            || matches!(
                (self, previous),
                (Edit::SetBaseDomain(_), Edit::SetBaseDomain(_))
            )
            // Typing a class, Secret, issuer or Gateway name: the same choice, another name.
            || matches!((self, previous), (Edit::SetPublishing(a), Edit::SetPublishing(b)) if a.kind() == b.kind())
            || matches!((self, previous), (Edit::SetTls(a), Edit::SetTls(b)) if std::mem::discriminant(a) == std::mem::discriminant(b))
            // Typing a figure digit by digit.
            || matches!((self, previous), (Edit::SetPeak(a, k, _), Edit::SetPeak(b, l, _)) if a == b && k == l)
            || matches!((self, previous), (Edit::SetCapacity(_, a), Edit::SetCapacity(_, b)) if a == b && *a != CapacityFigure::Size)
    }
}

impl Edit {
    /// The one edit of the deployment settings or of a zone's peaks that turns `now` into
    /// `next`, if they differ by one: how the page takes a change made in its tools module,
    /// which sends the whole topology.
    pub fn between(now: &Topology, next: &Topology) -> Option<Edit> {
        if now.publishing != next.publishing {
            return Some(Edit::SetPublishing(next.publishing.clone()));
        }
        if now.tls != next.tls {
            return Some(Edit::SetTls(next.tls.clone()));
        }
        if let Some(figure) = CapacityFigure::changed(&now.capacity, &next.capacity) {
            return Some(Edit::SetCapacity(next.capacity.clone(), figure));
        }
        if now.zones.len() != next.zones.len() {
            return None;
        }
        now.zones
            .iter()
            .zip(&next.zones)
            .enumerate()
            .find_map(|(index, (a, b))| {
                SessionType::ALL
                    .into_iter()
                    .find(|kind| kind.peak(a) != kind.peak(b))
                    .map(|kind| Edit::SetPeak(index, kind, kind.peak(b)))
            })
    }
}

/// The first name `zone-N` (N from the zone count up) that no zone has yet.
fn fresh_name(topology: &Topology) -> String {
    (topology.zones.len() + 1..)
        .map(|n| format!("zone-{n}"))
        .find(|name| topology.zones.iter().all(|zone| &zone.name != name))
        .unwrap_or_default()
}

/// A name cut to at most [`MAX_NAME_BYTES`] bytes at a character boundary, and whether it was cut.
pub fn fit_name(name: &str) -> (String, bool) {
    fit(name, MAX_NAME_BYTES)
}

/// [`fit`], noting in `cut` whether anything was cut.
fn fit_into(name: &str, max_bytes: usize, cut: &mut bool) -> String {
    let (name, was_cut) = fit(name, max_bytes);
    *cut |= was_cut;
    name
}

fn fit(name: &str, max_bytes: usize) -> (String, bool) {
    if name.len() <= max_bytes {
        return (name.to_owned(), false);
    }
    let end = (0..=max_bytes)
        .rev()
        .find(|end| name.is_char_boundary(*end))
        .unwrap_or(0);
    (name[..end].to_owned(), true)
}

impl Topology {
    /// Carries out an edit, or refuses it and leaves the topology as it was.
    pub fn apply(&mut self, edit: &Edit) -> Result<Applied, EditError> {
        let count = self.zones.len();
        let zone = |index: usize| {
            if index < count {
                Ok(index)
            } else {
                Err(EditError::NoSuchZone(index))
            }
        };
        match edit {
            Edit::AddZone => {
                if count >= MAX_ZONES {
                    return Err(EditError::TooManyZones);
                }
                let name = fresh_name(self);
                self.zones.push(Zone::new(&name, true, false));
                Ok(Applied::Done(count))
            }
            Edit::RemoveZone(index) => {
                let index = zone(*index)?;
                if count == 1 {
                    return Err(EditError::LastZone);
                }
                self.zones.remove(index);
                Ok(Applied::Done(index.min(count - 2)))
            }
            Edit::MoveUp(index) => {
                let index = zone(*index)?;
                if index == 0 {
                    return Err(EditError::NoSuchZone(index));
                }
                self.zones.swap(index, index - 1);
                Ok(Applied::Done(index - 1))
            }
            Edit::MoveDown(index) => {
                let index = zone(*index)?;
                if index + 1 >= count {
                    return Err(EditError::NoSuchZone(index + 1));
                }
                self.zones.swap(index, index + 1);
                Ok(Applied::Done(index + 1))
            }
            Edit::MakePrimary(index) => {
                let index = zone(*index)?;
                let primary = self.zones.remove(index);
                self.zones.insert(0, primary);
                Ok(Applied::Done(0))
            }
            Edit::Rename(index, name) => {
                let index = zone(*index)?;
                let (name, cut) = fit_name(name);
                self.zones[index].name = name;
                Ok(if cut {
                    Applied::NameCut(index)
                } else {
                    Applied::Done(index)
                })
            }
            Edit::SetContainerSessions(index, on) => {
                let index = zone(*index)?;
                self.zones[index].container_sessions = *on;
                Ok(Applied::Done(index))
            }
            Edit::SetRdpVncSessions(index, on) => {
                let index = zone(*index)?;
                self.zones[index].rdp_vnc_sessions = *on;
                Ok(Applied::Done(index))
            }
            Edit::SetDedicatedProxy(index, on) => {
                let index = zone(*index)?;
                self.zones[index].dedicated_proxy = *on;
                Ok(Applied::Done(index))
            }
            Edit::SetRegion(index, region) => {
                let index = zone(*index)?;
                let (region, cut) = fit(region, MAX_REGION_BYTES);
                self.zones[index].region = region;
                Ok(if cut {
                    Applied::SettingCut
                } else {
                    Applied::Done(index)
                })
            }
            Edit::SetHostname(index, hostname) => {
                let index = zone(*index)?;
                let (hostname, cut) = fit(hostname, MAX_DOMAIN_BYTES);
                self.zones[index].hostname = hostname;
                Ok(if cut {
                    Applied::SettingCut
                } else {
                    Applied::Done(index)
                })
            }
            Edit::SetBaseDomain(domain) => {
                let (domain, cut) = fit(domain, MAX_DOMAIN_BYTES);
                self.base_domain = domain;
                Ok(if cut {
                    Applied::DomainCut
                } else {
                    Applied::Done(0)
                })
            }
            Edit::SetPublishing(publishing) => {
                let mut cut = false;
                self.publishing =
                    publishing.map_names(|name, (_, max)| fit_into(name, max, &mut cut));
                Ok(Applied::setting(cut))
            }
            Edit::SetTls(tls) => {
                let mut cut = false;
                self.tls = tls.map_names(|name, (_, max)| fit_into(name, max, &mut cut));
                Ok(Applied::setting(cut))
            }
            // Figures past their limits are refused where they are typed (`read_count`,
            // `Capacity::over_limit`); one that reaches here anyway is held to the limit, so that
            // no figure the link cannot carry is ever in the topology.
            Edit::SetPeak(index, kind, peak) => {
                let index = zone(*index)?;
                *kind.peak_mut(&mut self.zones[index]) = peak.map(|peak| peak.min(MAX_COUNT));
                Ok(Applied::Done(index))
            }
            Edit::SetCapacity(capacity, _) => {
                if capacity.over_limit().is_some() {
                    return Err(EditError::FigureTooLarge);
                }
                self.capacity = capacity.clone();
                Ok(Applied::Done(0))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(topology: &Topology) -> Vec<&str> {
        topology.zones.iter().map(|z| z.name.as_str()).collect()
    }

    #[test]
    fn each_choice_reads_and_sets_its_own_field() {
        for choice in ZoneChoice::ALL {
            assert_eq!(ZoneChoice::from_key(choice.key()), Some(choice));
            for on in [true, false] {
                let mut topology = Topology::default();
                topology.zones[1] = Zone::new("eu-west", !on, !on);
                topology.zones[1].dedicated_proxy = !on;
                let untouched: Vec<ZoneChoice> = ZoneChoice::ALL
                    .into_iter()
                    .filter(|other| *other != choice)
                    .collect();
                topology.apply(&choice.edit(1, on)).unwrap();
                assert_eq!(choice.is_on(&topology.zones[1]), on, "{choice:?}");
                for other in &untouched {
                    assert_eq!(other.is_on(&topology.zones[1]), !on, "{other:?}");
                }
            }
        }
        assert_eq!(ZoneChoice::from_key("agent"), None);
        assert!(!ZoneChoice::DedicatedProxy.offered(0));
        assert!(ZoneChoice::DedicatedProxy.offered(1));
        assert!(ZoneChoice::ContainerSessions.offered(0));
    }

    #[test]
    fn add_picks_an_unused_name_and_stops_at_the_limit() {
        let mut topology = Topology::default();
        assert_eq!(topology.apply(&Edit::AddZone), Ok(Applied::Done(2)));
        assert_eq!(names(&topology), ["primary", "eu-west", "zone-3"]);
        topology.zones[0].name = "zone-4".into();
        topology.apply(&Edit::AddZone).unwrap();
        assert_eq!(topology.zones[3].name, "zone-5");
        while topology.zones.len() < MAX_ZONES {
            topology.apply(&Edit::AddZone).unwrap();
        }
        let full = topology.clone();
        assert_eq!(topology.apply(&Edit::AddZone), Err(EditError::TooManyZones));
        assert_eq!(topology, full);
        assert!(topology.findings().is_empty(), "generated names are valid");
    }

    #[test]
    fn remove_keeps_at_least_one_zone() {
        let mut topology = Topology::default();
        assert_eq!(topology.apply(&Edit::RemoveZone(1)), Ok(Applied::Done(0)));
        assert_eq!(
            topology.apply(&Edit::RemoveZone(0)),
            Err(EditError::LastZone)
        );
        assert_eq!(
            topology.apply(&Edit::RemoveZone(5)),
            Err(EditError::NoSuchZone(5))
        );
        assert_eq!(names(&topology), ["primary"]);
    }

    #[test]
    fn moves_and_make_primary_reorder() {
        let mut topology = Topology::default();
        topology.apply(&Edit::AddZone).unwrap();
        assert_eq!(topology.apply(&Edit::MoveUp(2)), Ok(Applied::Done(1)));
        assert_eq!(names(&topology), ["primary", "zone-3", "eu-west"]);
        assert_eq!(topology.apply(&Edit::MoveDown(0)), Ok(Applied::Done(1)));
        assert_eq!(names(&topology), ["zone-3", "primary", "eu-west"]);
        assert_eq!(topology.apply(&Edit::MakePrimary(2)), Ok(Applied::Done(0)));
        assert_eq!(names(&topology), ["eu-west", "zone-3", "primary"]);
        let before = topology.clone();
        assert!(topology.apply(&Edit::MoveUp(0)).is_err());
        assert!(topology.apply(&Edit::MoveDown(2)).is_err());
        assert_eq!(topology, before);
    }

    #[test]
    fn long_names_are_cut_at_a_character_boundary() {
        let mut topology = Topology::default();
        let long = "\u{1f600}".repeat(100);
        assert_eq!(
            topology.apply(&Edit::Rename(0, long)),
            Ok(Applied::NameCut(0))
        );
        assert_eq!(
            topology.zones[0].name,
            "\u{1f600}".repeat(MAX_NAME_BYTES / 4)
        );
        assert_eq!(topology.check_limits(), Ok(()));
        let exact = "a".repeat(MAX_NAME_BYTES);
        assert_eq!(
            topology.apply(&Edit::Rename(0, exact)),
            Ok(Applied::Done(0))
        );
    }

    #[test]
    fn the_edit_between_two_topologies_is_found() {
        let now = Topology::of(vec![
            Zone::new("a", true, true),
            Zone::new("b", true, false),
        ]);
        let mut next = now.clone();
        assert_eq!(Edit::between(&now, &next), None);
        next.zones[1].peak_container_sessions = Some(12);
        let edit = Edit::between(&now, &next);
        assert_eq!(
            edit,
            Some(Edit::SetPeak(1, SessionType::Container, Some(12)))
        );
        let mut applied = now.clone();
        assert!(applied.apply(&edit.unwrap_or(Edit::AddZone)).is_ok());
        assert_eq!(applied, next);
        let mut next = now.clone();
        next.capacity.spares = 2;
        assert_eq!(
            Edit::between(&now, &next),
            Some(Edit::SetCapacity(
                next.capacity.clone(),
                CapacityFigure::Spares
            ))
        );
        // Typing in one field is one step of undo; the next field is another.
        let spares = Edit::SetCapacity(next.capacity.clone(), CapacityFigure::Spares);
        let more = Edit::SetCapacity(next.capacity.clone(), CapacityFigure::Spares);
        let size = Edit::SetCapacity(next.capacity.clone(), CapacityFigure::Size);
        assert!(more.continues(&spares));
        assert!(!size.continues(&spares));
        assert!(
            !size.continues(&size),
            "each choice of size is its own step"
        );
        // Zones added or removed are not a settings edit.
        let mut next = now.clone();
        next.zones.pop();
        assert_eq!(Edit::between(&now, &next), None);
    }

    #[test]
    fn session_choices_and_renames_coalesce_for_undo() {
        let mut topology = Topology::default();
        topology.apply(&Edit::SetRdpVncSessions(1, true)).unwrap();
        topology
            .apply(&Edit::SetContainerSessions(1, false))
            .unwrap();
        topology.apply(&Edit::SetDedicatedProxy(1, true)).unwrap();
        assert_eq!(
            topology.zones[1],
            Zone::new("eu-west", false, true).with_dedicated_proxy(true)
        );
        assert!(Edit::Rename(1, "ab".into()).continues(&Edit::Rename(1, "a".into())));
        assert!(!Edit::Rename(0, "ab".into()).continues(&Edit::Rename(1, "a".into())));
        assert!(!Edit::AddZone.continues(&Edit::AddZone));
        let long = "d".repeat(MAX_DOMAIN_BYTES + 5);
        assert_eq!(
            topology.apply(&Edit::SetBaseDomain(long)),
            Ok(Applied::DomainCut)
        );
        assert_eq!(topology.base_domain.len(), MAX_DOMAIN_BYTES);
        assert_eq!(topology.check_limits(), Ok(()));
    }
}
