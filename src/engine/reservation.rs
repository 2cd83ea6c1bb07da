//! What the Helm chart asks of the cluster for a topology: the CPU and memory requests and limits
//! of every pod it renders, per zone and in total, the largest pod (a node must fit it), and the
//! volumes it claims.
//!
//! The figures are the chart's own presets (kasm-helm `CHART_VERSION`, `templates/_helpers.tpl`:
//! `define "replicas.preset"` and `define "resources.preset"`), chosen by `deploymentSize`, for
//! the pods its templates render from the planner's values, which set no `components.*`:
//! - per zone (`range` over `kasm.zones`): the api, manager and proxy Deployments
//!   (`templates/api-deployment.yaml`, `manager-deployment.yaml`, `proxy-deployment.yaml`);
//! - per zone in the primary zone's region (`range` over `kasm.primaryRegionZones`, whatever the
//!   zone's sessions: no value turns them off per zone): Guacamole (`guac-statefulset.yaml`), the
//!   RDP gateway (`rdp-gateway-deployment.yaml`, never more than one replica) and the RDP HTTPS
//!   gateway (`rdp-https-gateway-statefulset.yaml`), each with an nginx sidecar (preset
//!   `nginx-sidecar`);
//! - once: the database StatefulSet (`db-statefulset.yaml`, `replicas: 1`).
//!
//! Init containers (`kasm.initContainer`, 200m/128Mi; `kasm.dbIsReady`, the api's small preset)
//! are never larger than the containers they precede, so a pod's requests are its containers'
//! sums, as the scheduler counts them. One-off Jobs are apart: the database's first setup
//! (`db-init-job.yaml`, `dbManagement.initialize`, on by default) runs the api's small preset.

use super::capacity::DeploymentSize;
use super::topology::Topology;

/// CPU in thousandths of a core and memory in MiB, as the chart writes them (`500m`, `512Mi`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Amount {
    /// Thousandths of a core.
    pub millicores: u64,
    /// Mebibytes.
    pub mebibytes: u64,
}

impl Amount {
    const fn of(millicores: u64, mebibytes: u64) -> Amount {
        Amount {
            millicores,
            mebibytes,
        }
    }

    // Saturating: a values file may hold any figure, and a sum past u64 is no reason to stop.
    fn plus(self, other: Amount) -> Amount {
        Amount::of(
            self.millicores.saturating_add(other.millicores),
            self.mebibytes.saturating_add(other.mebibytes),
        )
    }

    fn times(self, count: u64) -> Amount {
        Amount::of(
            self.millicores.saturating_mul(count),
            self.mebibytes.saturating_mul(count),
        )
    }
}

/// A container's requests and limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Resources {
    /// What the scheduler sets aside.
    pub requests: Amount,
    /// The most it may use.
    pub limits: Amount,
}

impl Resources {
    fn plus(self, other: Resources) -> Resources {
        Resources {
            requests: self.requests.plus(other.requests),
            limits: self.limits.plus(other.limits),
        }
    }

    fn times(self, count: u64) -> Resources {
        Resources {
            requests: self.requests.times(count),
            limits: self.limits.times(count),
        }
    }
}

/// The chart's components that render pods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Component {
    /// The API server (`kasm-api-<zone>`).
    Api,
    /// The manager (`kasm-manager-<zone>`).
    Manager,
    /// The proxy, the zone's nginx (`kasm-proxy-<zone>`).
    Proxy,
    /// Guacamole, with its nginx sidecar.
    Guac,
    /// The RDP gateway, with its nginx sidecar.
    RdpGateway,
    /// The RDP HTTPS gateway, with its nginx sidecar.
    RdpHttpsGateway,
    /// The database.
    Database,
}

/// Where the chart renders a component's pods.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Renders {
    /// In every zone (`range` over `kasm.zones`).
    EveryZone,
    /// In every zone of the primary zone's region (`range` over `kasm.primaryRegionZones`).
    PrimaryRegion,
    /// Once, counted with the primary zone.
    Once,
}

/// One row of the presets: for a component, where it renders, per size (small, medium, large)
/// its replicas and its main container's requests and limits (an nginx sidecar comes with the
/// components that have one, [`Component::has_sidecar`]).
struct Preset {
    component: Component,
    renders: Renders,
    replicas: [u64; 3],
    main: [Resources; 3],
}

/// `requests -> limits`, CPU in millicores and memory in MiB.
const fn r(cpu: u64, memory: u64, cpu_limit: u64, memory_limit: u64) -> Resources {
    Resources {
        requests: Amount::of(cpu, memory),
        limits: Amount::of(cpu_limit, memory_limit),
    }
}

/// The presets, from kasm-helm `CHART_VERSION` `templates/_helpers.tpl` (`replicas.preset` and
/// `resources.preset`; the ephemeral storage the presets also give is left out).
const PRESETS: [Preset; 7] = [
    Preset {
        component: Component::Api,
        renders: Renders::EveryZone,
        replicas: [1, 2, 3],
        main: [
            r(500, 512, 500, 1024),
            r(500, 512, 500, 1024),
            r(500, 1024, 500, 2048),
        ],
    },
    Preset {
        component: Component::Manager,
        renders: Renders::EveryZone,
        replicas: [1, 2, 3],
        main: [
            r(500, 512, 500, 1024),
            r(500, 512, 500, 1024),
            r(500, 1024, 500, 2048),
        ],
    },
    Preset {
        component: Component::Proxy,
        renders: Renders::EveryZone,
        replicas: [1, 2, 3],
        main: [
            r(500, 512, 500, 512),
            r(500, 512, 500, 1024),
            r(500, 512, 500, 1024),
        ],
    },
    Preset {
        component: Component::Guac,
        renders: Renders::PrimaryRegion,
        replicas: [1, 2, 3],
        main: [
            r(1000, 512, 1000, 1024),
            r(1500, 512, 1500, 2048),
            r(2000, 1024, 2000, 4096),
        ],
    },
    Preset {
        component: Component::RdpGateway,
        renders: Renders::PrimaryRegion,
        replicas: [1, 1, 1],
        main: [
            r(500, 512, 500, 512),
            r(1000, 512, 1000, 512),
            r(1500, 512, 1500, 512),
        ],
    },
    Preset {
        component: Component::RdpHttpsGateway,
        renders: Renders::PrimaryRegion,
        replicas: [1, 2, 3],
        main: [
            r(500, 512, 500, 512),
            r(1000, 512, 1000, 512),
            r(1500, 512, 1500, 512),
        ],
    },
    Preset {
        component: Component::Database,
        renders: Renders::Once,
        replicas: [1, 1, 1],
        main: [
            r(750, 512, 750, 512),
            r(1500, 2048, 1500, 2048),
            r(4000, 8192, 4000, 8192),
        ],
    },
];

/// The nginx sidecar of Guacamole and the RDP gateways (`resources.preset` "nginx-sidecar").
const SIDECAR: [Resources; 3] = [
    r(500, 256, 500, 256),
    r(500, 384, 500, 384),
    r(1000, 512, 1000, 512),
];

/// What a values file sets instead of the presets, per component (kasm-helm `CHART_VERSION`
/// templates, e.g. `api-deployment.yaml` L5: `ternary .Values.components.api.replicas (include
/// "replicas.preset" …) (gt (int .Values.components.api.replicas) 0)`, and L117-121: `if
/// $.Values.components.api.resources` then `toYaml` it, else the preset). A `resources` map
/// replaces the whole preset; the nginx sidecars have their own
/// `components.<c>.nginxSidecar.resources`; the database takes `database.resources` and always
/// one replica (`db-statefulset.yaml` L13).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ChartOverrides {
    /// Per component, in [`Component::ALL`] order: replicas above 0.
    pub replicas: [Option<u64>; 7],
    /// Per component: the main container's resources.
    pub resources: [Option<Resources>; 7],
    /// Per component: the nginx sidecar's resources (Guacamole and the RDP gateways).
    pub sidecar: [Option<Resources>; 7],
    /// Per component: turned off (`components.<c>.enabled` false, for Guacamole and the RDP
    /// gateways: `guac-statefulset.yaml` L9 `if .Values.components.guac.enabled`).
    pub off: [bool; 7],
    /// The database's volume in GiB (`database.storage.pvcSize`, when above 0).
    pub database_volume_gib: Option<u64>,
    /// Each Guacamole replica's volume in GiB (`components.guac.recordingData.pvcSize`).
    pub guac_volume_gib: Option<u64>,
}

impl ChartOverrides {
    /// Whether nothing is overridden: the presets stand.
    pub fn is_empty(&self) -> bool {
        *self == ChartOverrides::default()
    }
}

impl Component {
    /// Every component, in the presets' order.
    pub const ALL: [Component; 7] = [
        Component::Api,
        Component::Manager,
        Component::Proxy,
        Component::Guac,
        Component::RdpGateway,
        Component::RdpHttpsGateway,
        Component::Database,
    ];

    /// Its place in [`Component::ALL`], and in [`ChartOverrides`]' figures.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The key of its values under `components` (the database's is `database`, at the top).
    pub fn key(self) -> &'static str {
        match self {
            Component::Api => "api",
            Component::Manager => "manager",
            Component::Proxy => "proxy",
            Component::Guac => "guac",
            Component::RdpGateway => "rdpGateway",
            Component::RdpHttpsGateway => "rdpHttpsGateway",
            Component::Database => "database",
        }
    }

    /// Whether an nginx sidecar runs in its pods.
    pub fn has_sidecar(self) -> bool {
        matches!(
            self,
            Component::Guac | Component::RdpGateway | Component::RdpHttpsGateway
        )
    }

    /// Whether `components.<c>.replicas` is read (not for the database: one replica always).
    pub fn replicas_read(self) -> bool {
        self != Component::Database
    }
}

/// The database's volume (`database.storage.pvcSize`, 8 GiB when not set) and each Guacamole
/// replica's recordings volume (`components.guac.recordingData.pvcSize`, 10 GiB).
pub const DATABASE_VOLUME_GIB: u64 = 8;
/// See [`DATABASE_VOLUME_GIB`].
pub const GUAC_VOLUME_GIB: u64 = 10;

/// One kind of pod in one zone: how many replicas, and what each asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pods {
    /// What they run.
    pub component: Component,
    /// How many.
    pub replicas: u64,
    /// One pod's requests and limits (its containers summed).
    pub each: Resources,
}

/// The chart's pods for one zone (the database counts with the primary zone).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ZoneReservation {
    /// The zone's position.
    pub zone: usize,
    /// Its pods.
    pub pods: Vec<Pods>,
    /// The sum over them.
    pub total: Resources,
}

/// What the chart reserves for a topology at a size.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reservation {
    /// The size the presets are taken at.
    pub size: DeploymentSize,
    /// Per zone, in zone order.
    pub zones: Vec<ZoneReservation>,
    /// The sum over every zone.
    pub total: Resources,
    /// The most CPU any one pod requests, and the most memory any one pod requests (not always
    /// the same pod): a node must have that much free for the largest of them to be scheduled.
    pub largest_pod: Amount,
    /// The volumes claimed, in GiB: the database's and one per Guacamole replica.
    pub volume_gib: u64,
    /// The database's first-setup Job, run once at install: its requests and limits.
    pub setup_job: Resources,
}

fn size_index(size: DeploymentSize) -> usize {
    match size {
        DeploymentSize::Small => 0,
        DeploymentSize::Medium => 1,
        DeploymentSize::Large => 2,
    }
}

/// The pods of the preset `row` at `size`, with what `overrides` sets instead.
fn pods(row: &Preset, size: DeploymentSize, overrides: &ChartOverrides) -> Pods {
    let at = size_index(size);
    let which = row.component.index();
    let sidecar = if row.component.has_sidecar() {
        overrides.sidecar[which].unwrap_or(SIDECAR[at])
    } else {
        Resources::default()
    };
    let replicas = overrides.replicas[which]
        .filter(|_| row.component.replicas_read())
        .unwrap_or(row.replicas[at]);
    Pods {
        component: row.component,
        replicas,
        each: overrides.resources[which]
            .unwrap_or(row.main[at])
            .plus(sidecar),
    }
}

impl Topology {
    /// What the chart reserves for this topology at `size`, from its presets.
    pub fn reservation(&self, size: DeploymentSize) -> Reservation {
        self.reservation_with(size, &ChartOverrides::default())
    }

    /// What the chart reserves for this topology at `size` with a values file's `overrides`.
    pub fn reservation_with(
        &self,
        size: DeploymentSize,
        overrides: &ChartOverrides,
    ) -> Reservation {
        let mut zones = Vec::with_capacity(self.zones.len());
        let mut guac_replicas = 0;
        for index in 0..self.zones.len() {
            let renders_here = |renders| match renders {
                Renders::EveryZone => true,
                Renders::PrimaryRegion => self.in_primary_region(index),
                Renders::Once => index == 0,
            };
            let pods: Vec<Pods> = PRESETS
                .iter()
                .filter(|row| renders_here(row.renders))
                .filter(|row| !overrides.off[row.component.index()])
                .map(|row| pods(row, size, overrides))
                .collect();
            guac_replicas = pods
                .iter()
                .filter(|p| p.component == Component::Guac)
                .map(|p| p.replicas)
                .fold(guac_replicas, u64::saturating_add);
            let total = pods.iter().fold(Resources::default(), |sum, p| {
                sum.plus(p.each.times(p.replicas))
            });
            zones.push(ZoneReservation {
                zone: index,
                pods,
                total,
            });
        }
        let total = zones
            .iter()
            .fold(Resources::default(), |sum, zone| sum.plus(zone.total));
        let requests = || {
            zones
                .iter()
                .flat_map(|zone| &zone.pods)
                .map(|p| p.each.requests)
        };
        let largest_pod = Amount::of(
            requests().map(|a| a.millicores).max().unwrap_or_default(),
            requests().map(|a| a.mebibytes).max().unwrap_or_default(),
        );
        Reservation {
            size,
            zones,
            total,
            largest_pod,
            volume_gib: overrides
                .database_volume_gib
                .unwrap_or(DATABASE_VOLUME_GIB)
                .saturating_add(
                    overrides
                        .guac_volume_gib
                        .unwrap_or(GUAC_VOLUME_GIB)
                        .saturating_mul(guac_replicas),
                ),
            // The api's small preset, the first row (`templates/db-init-job.yaml`).
            setup_job: pods(
                &PRESETS[0],
                DeploymentSize::Small,
                &ChartOverrides::default(),
            )
            .each,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Zone;

    fn amount(cpu: u64, memory: u64) -> Amount {
        Amount::of(cpu, memory)
    }

    /// One zone, small: api, manager, proxy, Guacamole, both RDP gateways (the lone zone is the
    /// primary region) and the database, each once. Requests, by hand from the presets:
    /// api 500m/512Mi + manager 500m/512Mi + proxy 500m/512Mi + guac (1000m/512Mi + sidecar
    /// 500m/256Mi) + rdp-gateway (500m/512Mi + 500m/256Mi) + rdp-https-gateway (500m/512Mi +
    /// 500m/256Mi) + db 750m/512Mi = 5,750m and 4,352Mi. Limits: 500/1024 + 500/1024 +
    /// 500/512 + (1000/1024 + 500/256) + (500/512 + 500/256) + (500/512 + 500/256) + 750/512 =
    /// 5,750m and 5,888Mi.
    #[test]
    fn one_zone_small() {
        let topology = Topology::of(vec![Zone::new("hq", true, true)]);
        let reserved = topology.reservation(DeploymentSize::Small);
        assert_eq!(reserved.total.requests, amount(5_750, 4_352));
        assert_eq!(reserved.total.limits, amount(5_750, 5_888));
        // The most CPU and memory a pod asks for: Guacamole's 1,500m and 768Mi.
        assert_eq!(reserved.largest_pod, amount(1_500, 768));
        // The database's 8 GiB and one Guacamole replica's 10 GiB.
        assert_eq!(reserved.volume_gib, 18);
        assert_eq!(reserved.setup_job.requests, amount(500, 512));
    }

    /// Three zones, two of them in the primary region, medium. Per zone api, manager and proxy:
    /// 2 replicas each of 500m/512Mi = 3,000m/3,072Mi requests. Per primary-region zone: guac 2 ×
    /// (1500m/512Mi + 500m/384Mi) = 4,000m/1,792Mi, rdp-gateway 1 × (1000m/512Mi + 500m/384Mi) =
    /// 1,500m/896Mi, rdp-https-gateway 2 × (1000m/512Mi + 500m/384Mi) = 3,000m/1,792Mi: together
    /// 8,500m/4,480Mi. The database once: 1,500m/2,048Mi. Total: 3 × 3,000 + 2 × 8,500 + 1,500 =
    /// 27,500m; 3 × 3,072 + 2 × 4,480 + 2,048 = 20,224Mi.
    #[test]
    fn three_zones_two_in_the_primary_region_medium() {
        let topology = Topology::of(vec![
            Zone::new("hq", true, true).with_region("us-east"),
            Zone::new("dr", true, false).with_region("us-east"),
            Zone::new("eu", true, false).with_region("eu-west"),
        ]);
        let reserved = topology.reservation(DeploymentSize::Medium);
        // The most CPU: a Guacamole pod, 1,500m + 500m; the most memory: the database, 2,048Mi.
        assert_eq!(reserved.largest_pod, amount(2_000, 2_048));
        let zone_requests: Vec<Amount> = reserved.zones.iter().map(|z| z.total.requests).collect();
        assert_eq!(
            zone_requests,
            [
                amount(3_000 + 8_500 + 1_500, 3_072 + 4_480 + 2_048),
                amount(3_000 + 8_500, 3_072 + 4_480),
                amount(3_000, 3_072),
            ]
        );
        assert_eq!(reserved.total.requests, amount(27_500, 20_224));
        // Four Guacamole replicas (two per primary-region zone), each with 10 GiB.
        assert_eq!(reserved.volume_gib, 8 + 40);
    }

    /// Fifty zones, large, no regions: only the primary zone is in the primary region. Per zone
    /// api, manager (3 × 500m/1Gi each) and proxy (3 × 500m/512Mi): 4,500m/7,680Mi. The primary
    /// adds guac 3 × (2000m/1024Mi + 1000m/512Mi) = 9,000m/4,608Mi, rdp-gateway 1 × (1500m/512Mi +
    /// 1000m/512Mi) = 2,500m/1,024Mi, rdp-https-gateway 3 × (1500/512 + 1000/512) = 7,500m/3,072Mi
    /// and the database 4,000m/8,192Mi. Total: 50 × 4,500 + 23,000 = 248,000m; 50 × 7,680 +
    /// 16,896 = 400,896Mi.
    #[test]
    fn fifty_zones_large() {
        let topology = Topology::of(
            (0..50)
                .map(|i| Zone::new(&format!("z{i}"), true, false))
                .collect(),
        );
        let reserved = topology.reservation(DeploymentSize::Large);
        assert_eq!(reserved.total.requests, amount(248_000, 400_896));
        assert_eq!(reserved.largest_pod, amount(4_000, 8_192), "the database");
        assert_eq!(reserved.volume_gib, 8 + 30);
    }

    /// A zone without RDP/VNC sessions still gets the RDP components when it is in the primary
    /// region: the chart renders them per primary-region zone, whatever the sessions.
    #[test]
    fn a_zone_without_rdp_sessions_in_the_primary_region_still_gets_them() {
        let with = Topology::of(vec![Zone::new("hq", true, true)]);
        let without = Topology::of(vec![Zone::new("hq", true, false)]);
        let reserved = without.reservation(DeploymentSize::Small);
        // The RDP gateways' pods are there: 5,750m/4,352Mi as in `one_zone_small`, of which
        // rdp-gateway and rdp-https-gateway are 1,000m/768Mi each.
        assert_eq!(reserved.total.requests, amount(5_750, 4_352));
        let components: Vec<Component> =
            reserved.zones[0].pods.iter().map(|p| p.component).collect();
        assert!(components.contains(&Component::RdpGateway));
        assert!(components.contains(&Component::RdpHttpsGateway));
        assert_eq!(with.reservation(DeploymentSize::Small), reserved);
    }

    /// The init containers (`kasm.initContainer` 200m/128Mi; `kasm.dbIsReady` before the api and
    /// the manager, the api's small preset 500m/512Mi -> 500m/1Gi) never ask for more than the
    /// pod's containers, so the pod's requests are the containers' sums.
    #[test]
    fn init_containers_are_never_larger_than_their_pods() {
        let is_ready = r(200, 128, 200, 128);
        let db_is_ready = r(500, 512, 500, 1024);
        for size in DeploymentSize::ALL {
            for row in &PRESETS {
                let each = pods(row, size, &ChartOverrides::default()).each;
                let init = match row.component {
                    Component::Api | Component::Manager => db_is_ready,
                    Component::Database => Resources::default(),
                    _ => is_ready,
                };
                for (pod, init) in [(each.requests, init.requests), (each.limits, init.limits)] {
                    assert!(
                        pod.millicores >= init.millicores && pod.mebibytes >= init.mebibytes,
                        "{:?} {size:?}",
                        row.component
                    );
                }
            }
        }
    }

    /// A values file's overrides, worked by hand for one zone at small (requests 5,750m and
    /// 4,352Mi from the presets, see `one_zone_small`): the proxy at 3 replicas adds 2 x
    /// 500m/512Mi; Guacamole's main container at 2000m/2048Mi (limits 4000m/4096Mi) replaces its
    /// 1000m/512Mi, the sidecar staying 500m/256Mi; the database's 1000m/1024Mi replaces
    /// 750m/512Mi, and its replicas are never read. Requests: 5,750 + 1,000 + 1,000 + 250 =
    /// 8,000m; 4,352 + 1,024 + 1,536 + 512 = 7,424Mi.
    #[test]
    fn a_values_files_overrides_replace_the_presets() {
        let topology = Topology::of(vec![Zone::new("hq", true, true)]);
        let mut overrides = ChartOverrides::default();
        overrides.replicas[2] = Some(3);
        overrides.resources[3] = Some(r(2_000, 2_048, 4_000, 4_096));
        overrides.resources[6] = Some(r(1_000, 1_024, 1_000, 1_024));
        overrides.replicas[6] = Some(5);
        let reserved = topology.reservation_with(DeploymentSize::Small, &overrides);
        assert_eq!(reserved.total.requests, amount(8_000, 7_424));
        // The Guacamole pod: 2,000m + 500m and 2,048Mi + 256Mi.
        assert_eq!(reserved.largest_pod, amount(2_500, 2_304));
        // Limits: 5,750 + 2 x 500 (proxy) + 3,000 (guac) + 250 (db) = 10,000m.
        assert_eq!(reserved.total.limits.millicores, 10_000);
        // With no overrides, the presets.
        assert_eq!(
            topology.reservation_with(DeploymentSize::Small, &ChartOverrides::default()),
            topology.reservation(DeploymentSize::Small)
        );
    }

    /// Overrides are kept by a component's place in `Component::ALL`.
    #[test]
    fn a_components_index_is_its_place() {
        for (at, component) in Component::ALL.into_iter().enumerate() {
            assert_eq!(component.index(), at);
        }
    }

    /// Adding a zone or a size step never shrinks what the chart reserves.
    #[test]
    fn the_reservation_never_shrinks() {
        let mut zones = vec![Zone::new("z0", true, false)];
        let mut before = Topology::of(zones.clone()).reservation(DeploymentSize::Small);
        for i in 1..50 {
            let region = if i % 3 == 0 { "" } else { "r" };
            zones[0].region = "r".to_owned();
            zones.push(Zone::new(&format!("z{i}"), true, false).with_region(region));
            let topology = Topology::of(zones.clone());
            let mut last: Option<Reservation> = None;
            for size in DeploymentSize::ALL {
                let now = topology.reservation(size);
                if let Some(last) = &last {
                    assert!(now.total.requests.millicores >= last.total.requests.millicores);
                    assert!(now.total.requests.mebibytes >= last.total.requests.mebibytes);
                    assert!(now.total.limits.mebibytes >= last.total.limits.mebibytes);
                }
                last = Some(now);
            }
            let small = topology.reservation(DeploymentSize::Small);
            assert!(small.total.requests.millicores >= before.total.requests.millicores);
            assert!(small.total.requests.mebibytes >= before.total.requests.mebibytes);
            before = small;
        }
    }
}
