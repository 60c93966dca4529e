//! A lap board: the latest and best lap of every driver, from accweb's callbacks. What the embedding examples
//! do with the events they receive.

use std::collections::BTreeMap;
use std::sync::Mutex;

use receiver_core::accweb;
use serde::Serialize;

/// The latest and best lap per driver, shared by the request handlers.
#[derive(Debug, Default)]
pub struct LapBoard {
    drivers: Mutex<BTreeMap<String, DriverLaps>>,
}

/// One driver's laps, as served by `GET /laps`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DriverLaps {
    /// The driver's name.
    pub player_name: String,
    /// The car's race number.
    pub race_number: i64,
    /// The track of the latest lap.
    pub track: String,
    /// Laps with a valid time.
    pub laps: u32,
    /// The latest valid lap time, in milliseconds.
    pub last_lap_ms: Option<u64>,
    /// The best valid lap time, in milliseconds.
    pub best_lap_ms: Option<u64>,
}

impl LapBoard {
    /// Records an accweb event; only completed laps matter here. Returns whether the board changed.
    pub fn record(&self, event: &accweb::Event) -> bool {
        let accweb::Event::NewLap(lap) = event else { return false };
        let Some(time) = lap.data.lap_time() else { return false };
        let millis = u64::try_from(time.as_millis()).unwrap_or(u64::MAX);
        let Ok(mut drivers) = self.drivers.lock() else { return false };
        let entry = drivers.entry(lap.data.player_id.clone()).or_insert_with(|| DriverLaps {
            player_name: lap.data.player_name.clone(),
            race_number: lap.data.race_number,
            track: lap.instance.track.clone(),
            laps: 0,
            last_lap_ms: None,
            best_lap_ms: None,
        });
        entry.player_name.clone_from(&lap.data.player_name);
        entry.track.clone_from(&lap.instance.track);
        entry.laps += 1;
        entry.last_lap_ms = Some(millis);
        entry.best_lap_ms = Some(entry.best_lap_ms.map_or(millis, |best| best.min(millis)));
        true
    }

    /// Every driver's laps, by Steam id.
    pub fn snapshot(&self) -> BTreeMap<String, DriverLaps> {
        self.drivers.lock().map(|drivers| drivers.clone()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lap(ms: u64) -> accweb::Event {
        let body = include_str!("../../fixtures/accweb/wire-a232104-instance_live_new_lap.compact.json")
            .replace("\"lapTimeMS\":142665", &format!("\"lapTimeMS\":{ms}"));
        accweb::Event::from_json(body.as_bytes()).unwrap()
    }

    #[test]
    fn keeps_the_latest_and_the_best_valid_lap_per_driver() {
        let board = LapBoard::default();
        assert!(board.record(&lap(142_665)));
        assert!(board.record(&lap(139_001)));
        assert!(board.record(&lap(150_000)));
        assert!(!board.record(&lap(2_147_483_647)), "ACC's no-valid-time sentinel is not a lap");
        let started = include_bytes!("../../fixtures/accweb/instance_started.json");
        assert!(!board.record(&accweb::Event::from_json(started).unwrap()));
        let driver = &board.snapshot()["S99999999999999999"];
        assert_eq!((driver.laps, driver.last_lap_ms, driver.best_lap_ms), (3, Some(150_000), Some(139_001)));
        assert_eq!((driver.player_name.as_str(), driver.track.as_str()), ("fox suckfoxwaifu", "spa"));
    }
}
