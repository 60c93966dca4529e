//! End to end: the real printer binary on a free port, the real trigger binary sending every source's
//! events to it (plus a bad secret, a stale Twitch timestamp and a Twitch challenge), assertions on the
//! printer's `--json` lines, its rejections on stderr, its shutdown summary, and the trigger's exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, SystemTime};

use receiver_core::Timestamp;
use serde_json::Value;

/// The printer, its address, and its output lines as they come.
struct Printer {
    child: Child,
    base: String,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl Printer {
    fn start() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_printer"))
            .args(["--listen", "127.0.0.1:0", "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the printer");
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        let first = stdout.recv_timeout(Duration::from_secs(30)).expect("the printer's first line");
        let base =
            first.strip_prefix("listening on ").unwrap_or_else(|| panic!("first line: {first}")).trim().to_owned();
        Self { child, base, stdout, stderr }
    }

    /// The JSON lines printed since the last call, waiting until `n` of them arrived.
    fn deliveries(&self, n: usize) -> Vec<Value> {
        let mut found = Vec::new();
        while found.len() < n {
            let line = self.stdout.recv_timeout(Duration::from_secs(10)).unwrap_or_else(|_| panic!("only {found:?}"));
            if let Ok(value) = serde_json::from_str::<Value>(&line) {
                found.push(value);
            }
        }
        found
    }
}

fn lines(stream: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

/// Runs the trigger against the printer; returns its exit code.
fn trigger(printer: &Printer, path: &str, args: &[&str]) -> i32 {
    let to = format!("{}{path}", printer.base);
    let output =
        Command::new(env!("CARGO_BIN_EXE_trigger")).args(args).args(["--to", &to]).output().expect("run the trigger");
    output.status.code().expect("the trigger exited")
}

#[test]
fn the_trigger_reaches_the_printer_for_every_source() {
    let mut printer = Printer::start();

    // Every source, authenticated with the defaults both binaries share.
    let sent: [(&str, &[&str], &str, &str); 8] = [
        ("/eventsub", &["twitch", "channel.follow"], "twitch", "channel.follow"),
        ("/eventsub", &["twitch", "stream.online", "--challenge"], "twitch", "webhook_callback_verification"),
        ("/eventsub", &["twitch", "channel.ban", "--revocation", "user_removed"], "twitch", "revocation"),
        ("/callback", &["accweb", "instance_live_new_lap"], "accweb", "instance_live_new_lap"),
        ("/sonorancad/event", &["sonoran", "EVENT_911"], "sonoran", "EVENT_911"),
        ("/khan", &["khan", "ClanLeft"], "khan", "5"),
        (
            "/agones",
            &["agones", "added", "--name", "gs-e2e", "--namespace", "games"],
            "agones",
            "gameserver.events.added",
        ),
        (
            "/agones",
            &["agones", "deleted", "--name", "gs-e2e", "--namespace", "games"],
            "agones",
            "gameserver.events.deleted",
        ),
    ];
    for (path, args, ..) in sent {
        assert_eq!(trigger(&printer, path, args), 0, "trigger {args:?}");
    }
    let lines = printer.deliveries(sent.len());
    for ((_, args, source, kind), line) in sent.iter().zip(&lines) {
        assert_eq!((line["source"].as_str(), line["kind"].as_str()), (Some(*source), Some(*kind)), "{args:?}: {line}");
        assert!(line.get("event").is_some_and(|e| !e.is_null()), "{line}");
        assert!(line.get("id").is_some(), "{line}");
    }
    assert!(lines[0]["id"].is_string(), "a Twitch delivery has its message id: {}", lines[0]);
    assert!(lines[5]["id"].is_string(), "a Khan delivery has its id: {}", lines[5]);

    // Refused: a bad secret and a stale timestamp. The trigger says so, the printer prints them on stderr.
    assert_eq!(trigger(&printer, "/eventsub", &["twitch", "channel.follow", "--secret", "not-the-dev-secret"]), 1);
    let stale = Timestamp::from_system_time(SystemTime::now() - Duration::from_secs(2 * 3600)).to_string();
    assert_eq!(trigger(&printer, "/eventsub", &["twitch", "channel.follow", "--timestamp", &stale]), 1);
    // With --json, stderr carries the route lines, then refusals (`"rejected": true`), then the summary.
    let mut refusals = Vec::new();
    while refusals.len() < 2 {
        let line = printer.stderr.recv_timeout(Duration::from_secs(10)).expect("the refusals on stderr");
        if let Ok(value) = serde_json::from_str::<Value>(&line)
            && value["rejected"] == true
        {
            refusals.push(value);
        }
    }
    for refusal in &refusals {
        assert_eq!((refusal["source"].as_str(), refusal["status"].as_u64()), (Some("twitch"), Some(403)), "{refusal}");
    }
    assert!(refusals[0]["reason"].as_str().unwrap().contains("signature"), "{}", refusals[0]);
    assert!(refusals[1]["reason"].as_str().unwrap().contains("old"), "{}", refusals[1]);

    // Ctrl-C: a clean stop and a summary.
    let pid = printer.child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let status = printer.child.wait().unwrap();
    assert!(status.success(), "the printer stops cleanly: {status:?}");
    let rest: Vec<String> = printer.stderr.iter().collect();
    let summary =
        rest.iter().filter_map(|line| serde_json::from_str::<Value>(line).ok()).find(|v| v.get("summary").is_some());
    let summary = summary.unwrap_or_else(|| panic!("a summary line: {rest:?}"));
    assert_eq!(summary["summary"]["twitch"]["delivered"], 3, "{summary}");
    assert_eq!(summary["summary"]["twitch"]["rejected"], 2, "{summary}");
    for source in ["accweb", "sonoran", "khan"] {
        assert_eq!(summary["summary"][source]["delivered"], 1, "{summary}");
    }
    assert_eq!(summary["summary"]["agones"]["delivered"], 2, "{summary}");
}
