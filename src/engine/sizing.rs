//! The capacity plan of a topology: for each zone its peaks, its Agent hosts and what the chart
//! reserves there, and for the deployment the `deploymentSize` it is planned at with the totals.
//! Everything the page's capacity table, the diagram's lane lines and the exports say comes from
//! here, so they never disagree.

use super::capacity::DeploymentSize;
use super::capacity::{Agents, SizeChoice, SizingError};
use super::reservation::{Amount, Reservation, Resources};
use super::topology::Topology;

/// One zone's line of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneCapacity {
    /// The zone's position.
    pub zone: usize,
    /// Its peak of container sessions, when it runs them and one is given.
    pub container_peak: Option<u64>,
    /// Its peak of RDP/VNC sessions, when it runs them and one is given.
    pub rdp_vnc_peak: Option<u64>,
    /// Its Agent hosts: `None` when it runs no container sessions, has no peak or no host is
    /// given.
    pub agents: Option<Result<Agents, SizingError>>,
    /// What the chart's pods in this zone ask for (the database with the primary zone).
    pub reserved: Resources,
}

/// The whole capacity plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapacityPlan {
    /// The size, and how it was decided; `None` when neither chosen nor any peak given: the
    /// chart's default, small.
    pub choice: Option<SizeChoice>,
    /// Per zone, in zone order.
    pub zones: Vec<ZoneCapacity>,
    /// Every zone's Agent hosts added, over the zones where they are counted.
    pub agent_hosts: u64,
    /// What the chart reserves, pod by pod, at the size.
    pub reservation: Reservation,
}

impl CapacityPlan {
    /// The size the chart's presets are taken at.
    pub fn size(&self) -> DeploymentSize {
        SizeChoice::planned(self.choice)
    }
}

impl Topology {
    /// The capacity plan, whatever figures are given (the reservation needs none).
    pub fn capacity_plan(&self) -> CapacityPlan {
        let choice = self.size_choice();
        let reservation = self.reservation(SizeChoice::planned(choice));
        let zones: Vec<ZoneCapacity> = self
            .zones
            .iter()
            .enumerate()
            .map(|(index, zone)| ZoneCapacity {
                zone: index,
                container_peak: zone
                    .peak_container_sessions
                    .filter(|_| zone.container_sessions),
                rdp_vnc_peak: zone.peak_rdp_vnc_sessions.filter(|_| zone.rdp_vnc_sessions),
                agents: self.agents(index),
                reserved: reservation
                    .zones
                    .get(index)
                    .map(|z| z.total)
                    .unwrap_or_default(),
            })
            .collect();
        let agent_hosts = zones
            .iter()
            .filter_map(|z| z.agents.and_then(Result::ok))
            .fold(0, |sum: u64, agents| sum.saturating_add(agents.count));
        CapacityPlan {
            choice,
            zones,
            agent_hosts,
            reservation,
        }
    }
}

/// Cores as the chart's figures add up: `5.75 CPU`.
pub fn cpu_text(amount: Amount) -> String {
    format!("{} CPU", super::capacity::cores_text(amount.millicores))
}

/// Memory in the chart's binary units: `4.25 GiB`, `768 MiB`.
pub fn mebibytes_text(amount: Amount) -> String {
    let mib = amount.mebibytes;
    if mib < 1024 {
        return format!("{mib} MiB");
    }
    // Hundredths of a GiB, rounded to the nearest.
    let hundredths = (mib * 100 + 512) / 1024;
    let (whole, part) = (hundredths / 100, hundredths % 100);
    match part {
        0 => format!("{whole} GiB"),
        p if p % 10 == 0 => format!("{whole}.{} GiB", p / 10),
        p => format!("{whole}.{p:02} GiB"),
    }
}

/// A zone's Agent hosts in words: `3 Agent hosts`, `1 Agent host`.
pub fn agent_hosts_text(count: u64) -> String {
    match count {
        1 => "1 Agent host".to_owned(),
        n => format!("{n} Agent hosts"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::capacity::{Binding, Shape};
    use crate::engine::Zone;

    #[test]
    fn memory_and_cpu_are_written_in_the_charts_units() {
        let cases = [
            (512, "512 MiB"),
            (1024, "1 GiB"),
            (4_352, "4.25 GiB"),
            (1_536, "1.5 GiB"),
            (20_224, "19.75 GiB"),
            (400_896, "391.5 GiB"),
            // 1,100 MiB = 1.074 GiB, to the nearest hundredth.
            (1_100, "1.07 GiB"),
        ];
        for (mebibytes, text) in cases {
            assert_eq!(
                mebibytes_text(Amount {
                    millicores: 0,
                    mebibytes
                }),
                text
            );
        }
        assert_eq!(
            cpu_text(Amount {
                millicores: 5_750,
                mebibytes: 0
            }),
            "5.75 CPU"
        );
        assert_eq!(agent_hosts_text(1), "1 Agent host");
        assert_eq!(agent_hosts_text(0), "0 Agent hosts");
    }

    /// Two zones with peaks and a host: each zone's Agents, the automatic size from the sum of
    /// the peaks the zones run, and the reservation at that size.
    #[test]
    fn a_plan_from_peaks_and_a_host() {
        let mut topology = Topology::of(vec![
            Zone::new("hq", true, true),
            Zone::new("eu", true, false),
        ]);
        topology.zones[0].peak_container_sessions = Some(10);
        topology.zones[0].peak_rdp_vnc_sessions = Some(4);
        topology.zones[1].peak_container_sessions = Some(9);
        // A peak of RDP/VNC sessions in a zone that does not run them counts for nothing.
        topology.zones[1].peak_rdp_vnc_sessions = Some(100);
        topology.capacity.host = Some(Shape {
            millicores: 8_000,
            bytes: 32_000_000_000,
        });
        let plan = topology.capacity_plan();
        // 10 + 4 + 9 = 23 sessions: medium.
        assert_eq!(
            plan.choice,
            Some(SizeChoice::Automatic(DeploymentSize::Medium, 23))
        );
        // 8 cores / 2 = 4 sessions per Agent (memory: 32 GB / 2.768 GB = 11): CPU binds.
        let agents: Vec<_> = plan.zones.iter().map(|z| z.agents).collect();
        let four = |count| {
            Some(Ok(Agents {
                sessions_per_agent: 4,
                binding: Binding::Cpu,
                count,
            }))
        };
        assert_eq!(agents, [four(3), four(3)]);
        assert_eq!(plan.agent_hosts, 6);
        assert_eq!(plan.zones[1].rdp_vnc_peak, None);
        assert_eq!(plan.reservation.size, DeploymentSize::Medium);
        // Medium, worked by hand from the presets: each zone's api, manager and proxy, 2 x
        // 500m/512Mi each = 3,000m/3,072Mi; hq (alone in the primary region) adds guac 2 x
        // (1500m/512Mi + sidecar 500m/384Mi), rdp-gateway 1000m/512Mi + 500m/384Mi,
        // rdp-https-gateway 2 x the same, the database 1500m/2048Mi = 10,000m/6,528Mi.
        let requests: Vec<Amount> = plan.zones.iter().map(|z| z.reserved.requests).collect();
        let amount = |millicores, mebibytes| Amount {
            millicores,
            mebibytes,
        };
        assert_eq!(requests, [amount(13_000, 9_600), amount(3_000, 3_072)]);
        assert_eq!(plan.reservation.total.requests, amount(16_000, 12_672));
    }

    /// A session more at peak, in any zone, never shrinks what the plan reserves: the
    /// automatic size only steps up, and the Agent hosts only grow.
    #[test]
    fn a_session_more_never_shrinks_the_plan() {
        let mut topology = Topology::of(vec![
            Zone::new("hq", true, true),
            Zone::new("eu", true, false).with_region("eu"),
            Zone::new("dr", true, true),
        ]);
        topology.capacity.host = Some(Shape {
            millicores: 6_000,
            bytes: 16_000_000_000,
        });
        let mut last = topology.capacity_plan();
        for step in 0..120u64 {
            let zone = usize::try_from(step % 3).unwrap_or_default();
            let peak = if step % 2 == 0 {
                &mut topology.zones[zone].peak_container_sessions
            } else {
                &mut topology.zones[zone].peak_rdp_vnc_sessions
            };
            *peak = Some(peak.unwrap_or(0) + 1);
            let now = topology.capacity_plan();
            let (a, b) = (last.reservation.total, now.reservation.total);
            assert!(
                b.requests.millicores >= a.requests.millicores,
                "step {step}"
            );
            assert!(b.requests.mebibytes >= a.requests.mebibytes, "step {step}");
            assert!(b.limits.mebibytes >= a.limits.mebibytes, "step {step}");
            assert!(now.size() >= last.size(), "step {step}");
            assert!(now.agent_hosts >= last.agent_hosts, "step {step}");
            last = now;
        }
        assert_eq!(last.size(), DeploymentSize::Large);
    }

    #[test]
    fn without_figures_the_plan_is_at_the_charts_default() {
        let plan = Topology::of(vec![Zone::new("hq", true, false)]).capacity_plan();
        assert_eq!(plan.choice, None);
        assert_eq!(plan.size(), DeploymentSize::Small);
        assert_eq!(plan.agent_hosts, 0);
        assert_eq!(plan.zones[0].agents, None);
    }
}
