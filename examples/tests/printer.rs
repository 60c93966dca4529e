//! The printer binary itself, over a real socket: its first line and banner, configuration precedence with a
//! real environment and file, a delivery and a refusal in `--json`, the summary at SIGTERM, and the exit code
//! of a bad configuration.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use receiver_examples::dev;
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);

/// A running printer, its output read line by line on two threads.
struct Printer {
    child: Child,
    addr: String,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_printer"));
    command.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    // Only the variables the test gives: none the machine happens to have.
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("RECEIVER_") {
            command.env_remove(name);
        }
    }
    command.envs(env.iter().copied());
    command
}

fn lines(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Printer {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = command(args, env).spawn().unwrap();
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        let first = stdout.recv_timeout(WAIT).expect("the printer's first line");
        let addr =
            first.strip_prefix("listening on http://").unwrap_or_else(|| panic!("first line: {first}")).to_owned();
        assert!(!addr.ends_with(":0"), "the real port, not 0: {addr}");
        Self { child, addr, stdout, stderr }
    }

    fn stdout_line(&self) -> String {
        self.stdout.recv_timeout(WAIT).expect("a line on stdout")
    }

    /// The next stderr line that satisfies `wanted`.
    fn stderr_until(&self, wanted: impl Fn(&str) -> bool) -> String {
        loop {
            let line = self.stderr.recv_timeout(WAIT).expect("a line on stderr");
            if wanted(&line) {
                return line;
            }
        }
    }

    /// Sends `request` as one HTTP/1.1 request and returns the response's status.
    fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> u16 {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", self.addr);
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        stream.write_all(request.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response.split(' ').nth(1).and_then(|status| status.parse().ok()).unwrap_or_else(|| panic!("{response}"))
    }

    fn terminate(&mut self) -> ExitStatus {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
        self.wait()
    }

    fn wait(&mut self) -> ExitStatus {
        for _ in 0..200 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the printer did not stop");
    }
}

impl Drop for Printer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures").join(path)).unwrap()
}

/// A file of its own in the temporary directory, removed at drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> Self {
        let path = std::env::temp_dir().join(format!("printer-test-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        Self(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn first_line_is_the_bound_address_then_one_line_per_route() {
    let printer = Printer::start(&["--listen", "127.0.0.1:0"], &[]);
    let routes: Vec<String> = (0..5).map(|_| printer.stdout_line()).collect();
    for (line, (source, path)) in routes.iter().zip([
        ("accweb", "/callback"),
        ("sonoran", "/sonorancad/event"),
        ("khan", "/khan"),
        ("agones", "/agones"),
        ("twitch", "/eventsub"),
    ]) {
        assert!(line.trim_start().starts_with(source) && line.contains(path), "{line}");
        assert!(line.contains("[dev default: "), "{line}");
    }
    assert!(routes[0].contains(&format!("{}: {}", dev::ACCWEB_HEADER.0, dev::ACCWEB_HEADER.1)));
    assert!(routes[4].contains(dev::TWITCH_SECRET) && routes[4].contains("HMAC-SHA256"));
}

#[test]
fn flags_win_over_environment_which_wins_over_the_file() {
    let file = TempFile::new(
        "precedence.toml",
        "accweb-path = \"/file-accweb\"\nsonoran-path = \"/file-sonoran\"\nkhan-path = \"/file-khan\"\ndisable = \"agones\"\n",
    );
    let config = file.0.to_str().unwrap();
    let env = [
        ("RECEIVER_CONFIG", config),
        ("RECEIVER_ACCWEB_PATH", "/env-accweb"),
        ("RECEIVER_KHAN_PATH", "/env-khan"),
        ("RECEIVER_TWITCH_SECRET", "first-secret-1, second-secret-2"),
        ("RECEIVER_ALLOW_UNAUTHENTICATED", "sonoran"),
    ];
    let printer = Printer::start(&["--listen", "127.0.0.1:0", "--khan-path", "/flag-khan"], &env);
    let routes: Vec<String> = (0..4).map(|_| printer.stdout_line()).collect();
    assert!(routes[0].contains("/env-accweb"), "env over file: {}", routes[0]);
    assert!(routes[1].contains("/file-sonoran"), "file over default: {}", routes[1]);
    assert!(routes[1].contains("!!! UNAUTHENTICATED"), "{}", routes[1]);
    assert!(routes[2].contains("/flag-khan"), "flag over env: {}", routes[2]);
    assert!(routes[3].contains("/eventsub") && routes[3].contains("(2 secrets)"), "{}", routes[3]);
    assert!(!routes[3].contains("dev default"), "{}", routes[3]);
}

#[test]
fn json_delivery_refusal_and_summary_at_sigterm() {
    let mut printer = Printer::start(&["--listen", "127.0.0.1:0", "--json"], &[]);
    let body = fixture("accweb/instance_live_new_lap.json");
    let good = [(dev::ACCWEB_HEADER.0, dev::ACCWEB_HEADER.1), ("Content-Type", "application/json")];
    assert_eq!(printer.send("POST", "/callback", &good, &body), 204);
    let delivery: Value = serde_json::from_str(&printer.stdout_line()).unwrap();
    assert_eq!(delivery["source"], "accweb");
    assert_eq!(delivery["kind"], "instance_live_new_lap");
    assert_eq!(delivery["id"], Value::Null);
    assert_eq!(delivery["event"]["NewLap"]["data"]["playerName"], "fox suckfoxwaifu");

    assert_eq!(printer.send("POST", "/callback", &[(dev::ACCWEB_HEADER.0, "wrong")], &body), 403);
    let refusal: Value = serde_json::from_str(&printer.stderr_until(|line| line.contains("\"rejected\""))).unwrap();
    assert_eq!(refusal["source"], "accweb");
    assert_eq!(refusal["status"], 403);
    assert!(refusal["reason"].as_str().unwrap().starts_with("wrong credentials"), "{refusal}");

    assert!(printer.terminate().success());
    let summary: Value = serde_json::from_str(&printer.stderr_until(|line| line.contains("\"summary\""))).unwrap();
    assert_eq!(summary["signal"], "SIGTERM");
    assert_eq!(summary["summary"]["accweb"]["delivered"], 1);
    assert_eq!(summary["summary"]["accweb"]["rejected"], 1);
    assert_eq!(summary["summary"]["twitch"]["delivered"], 0);
}

#[test]
fn a_duplicate_is_acknowledged_and_printed_as_one() {
    let mut printer = Printer::start(&["--listen", "127.0.0.1:0", "--json"], &[]);
    let body = br#"{"type":1,"id":"6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b","gameID":"g","publicID":"p","name":"Bob","metadata":{},"membershipCount":0,"ownershipCount":0,"timestamp":"2021-12-08T16:33:55-03:00"}"#;
    let (user, pass) = dev::KHAN_BASIC;
    let authorization = receiver_core::basic_authorization(user, pass);
    let headers = [("Authorization", authorization.as_str())];
    assert_eq!(printer.send("POST", "/khan", &headers, body), 204);
    let first: Value = serde_json::from_str(&printer.stdout_line()).unwrap();
    assert_eq!((first["source"].as_str(), first.get("duplicate")), (Some("khan"), None));
    assert_eq!(printer.send("POST", "/khan", &headers, body), 204, "acknowledged");
    let second: Value = serde_json::from_str(&printer.stdout_line()).unwrap();
    assert_eq!(second["duplicate"], true, "{second}");
    assert_eq!(second["id"], "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
    assert!(printer.terminate().success());
    let summary: Value = serde_json::from_str(&printer.stderr_until(|line| line.contains("\"summary\""))).unwrap();
    assert_eq!(summary["summary"]["khan"]["delivered"], 1, "the handler ran once");
}

#[test]
fn two_printers_on_one_redis_handle_an_id_once() {
    let redis = receiver_tests::redis_server::RedisServer::start();
    let url = redis.url();
    let mut a = Printer::start(&["--listen", "127.0.0.1:0", "--json", "--redis", &url], &[]);
    let mut b = Printer::start(&["--listen", "127.0.0.1:0", "--json"], &[("RECEIVER_REDIS", &url)]);
    let body = br#"{"type":1,"id":"7a1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b","gameID":"g","publicID":"p","name":"Bob","metadata":{},"membershipCount":0,"ownershipCount":0,"timestamp":"2021-12-08T16:33:55-03:00"}"#;
    let authorization = receiver_core::basic_authorization(dev::KHAN_BASIC.0, dev::KHAN_BASIC.1);
    let headers = [("Authorization", authorization.as_str())];
    assert_eq!(a.send("POST", "/khan", &headers, body), 204);
    let first: Value = serde_json::from_str(&a.stdout_line()).unwrap();
    assert_eq!(first.get("duplicate"), None);
    assert_eq!(b.send("POST", "/khan", &headers, body), 204, "the other replica acknowledges it");
    let second: Value = serde_json::from_str(&b.stdout_line()).unwrap();
    assert_eq!(second["duplicate"], true, "and prints it as a duplicate: {second}");
    assert!(a.terminate().success() && b.terminate().success());
}

#[test]
fn human_refusals_and_summary_go_to_stderr() {
    let mut printer = Printer::start(&["--listen", "127.0.0.1:0", "--disable", "accweb,khan,agones,twitch"], &[]);
    assert!(printer.stdout_line().contains("/sonorancad/event"));
    let body = String::from_utf8(fixture("sonorancad/docs-EVENT_911.data-array.json")).unwrap();
    assert_eq!(printer.send("POST", "/sonorancad/event", &[], body.as_bytes()), 403);
    let line = printer.stderr_until(|_| true);
    assert!(line.contains("REJECTED sonoran 403 wrong credentials"), "{line}");
    let body = body.replace("YOUR_API_KEY", dev::SONORAN_KEY);
    assert_eq!(printer.send("POST", "/sonorancad/event", &[], body.as_bytes()), 200);
    let line = printer.stdout_until_event();
    assert!(line.contains(r#"sonoran EVENT_911 id=- call=1234 caller="John Doe""#), "{line}");
    assert_eq!(printer.send("POST", "/callback", &[], b"{}"), 404);
    assert!(printer.stderr_until(|_| true).contains("404 no endpoint at POST /callback"));
    assert!(printer.terminate().success());
    let summary = printer.stderr_until(|line| line.starts_with("stopped on "));
    assert_eq!(
        summary,
        "stopped on SIGTERM: sonoran 1 delivered / 1 rejected, 1 to no endpoint; total 1 delivered / 1 rejected"
    );
}

impl Printer {
    /// The next stdout line after the banner's closing warning.
    fn stdout_until_event(&self) -> String {
        loop {
            let line = self.stdout_line();
            if !line.starts_with("development secrets") {
                return line;
            }
        }
    }
}

#[test]
fn bad_configuration_is_a_clear_error_and_a_non_zero_exit() {
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let output = command(args, env).output().unwrap();
        (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (code, stderr) = run(&["--twitch-secret", "short"], &[]);
    assert_eq!(code, Some(2));
    assert!(stderr.starts_with("printer: twitch: Twitch EventSub secrets are 10 to 100 bytes"), "{stderr}");
    let (code, stderr) = run(&["--listen", "nowhere"], &[]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--listen"), "{stderr}");
    let (code, stderr) = run(&["--allow-unauthenticated", "khan", "--khan-basic", "a:b"], &[]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("conflicts with the credentials"), "{stderr}");
    let (code, stderr) = run(&[], &[("RECEIVER_KHAN_BASIC", "a:b,,c:d")]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("RECEIVER_KHAN_BASIC: empty item"), "{stderr}");
    let (code, stderr) = run(&["--config", "/nonexistent/printer.toml"], &[]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("config file /nonexistent/printer.toml"), "{stderr}");

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let (code, stderr) = run(&["--listen", &addr], &[]);
    assert_eq!(code, Some(1));
    assert!(stderr.starts_with(&format!("printer: cannot listen on {addr}")), "{stderr}");

    let output = command(&["--help"], &[("RECEIVER_TWITCH_SECRET", "a-secret-never-shown")]).output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("[env: RECEIVER_TWITCH_SECRET]") && !help.contains("a-secret-never-shown"));
    assert!(help.contains("CONFIGURATION FILE"));
}

/// The mock Twitch EventSub WebSocket server of `receiver-tests`, on a runtime of its own.
fn twitch_ws_mock() -> (tokio::runtime::Runtime, receiver_tests::twitch_ws_mock::MockTwitch) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let mock = runtime.block_on(receiver_tests::twitch_ws_mock::MockTwitch::start(Default::default()));
    (runtime, mock)
}

impl Printer {
    /// The next stdout line that satisfies `wanted`.
    fn stdout_until(&self, wanted: impl Fn(&str) -> bool) -> String {
        loop {
            let line = self.stdout_line();
            if wanted(&line) {
                return line;
            }
        }
    }
}

#[test]
fn twitch_ws_deliveries_print_as_webhook_ones_across_a_reconnect() {
    let (runtime, mock) = twitch_ws_mock();
    let url = mock.ws_url();
    let mut printer = Printer::start(
        &[
            "--listen",
            "127.0.0.1:0",
            "--disable",
            "accweb,sonoran,khan,agones,twitch",
            "--twitch-ws",
            &url,
            "--twitch-ws-subscribe",
            "channel.raid:1",
            "--twitch-ws-condition",
            "to_broadcaster_user_id=1337",
            "--twitch-client-id",
            "printer-test",
        ],
        &[],
    );
    // The hook runs beside the stream: its line may come first.
    let (mut welcome, mut subscribed) = (None, None);
    while welcome.is_none() || subscribed.is_none() {
        let line = printer.stderr_until(|_| true);
        if line.contains("twitch-ws welcome") {
            welcome = Some(line);
        } else if line.contains("twitch-ws subscribed") {
            subscribed = Some(line);
        }
    }
    assert!(welcome.unwrap().contains("creating 1 subscription(s)"));
    assert!(subscribed.unwrap().contains("channel.raid v1"));
    let session = runtime.block_on(mock.wait_live(None, WAIT));

    mock.notify(7);
    let line = printer.stdout_until(|line| line.contains("channel.raid"));
    assert!(line.ends_with(" twitch  channel.raid id=m-7 from=cool_user viewers=7 to=cooler_user"), "{line}");

    // A reconnect: the mock repeats m-7 on the new connection; it is not printed again.
    mock.reconnect();
    assert!(printer.stderr_until(|line| line.contains("twitch-ws moved")).contains("subscriptions carried over"));
    runtime.block_on(mock.wait_live(Some(&session), WAIT));
    mock.notify(8);
    let line = printer.stdout_until(|line| line.contains("channel.raid"));
    assert!(line.contains(" id=m-8 "), "only m-8, once: {line}");

    assert!(printer.terminate().success());
    let summary = printer.stderr_until(|line| line.starts_with("stopped on "));
    assert!(summary.contains("twitch 2 delivered / 0 rejected"), "{summary}");
}

#[test]
fn twitch_ws_in_json_and_a_final_close_code_ends_the_printer_with_its_cause() {
    let (runtime, mock) = twitch_ws_mock();
    let url = mock.ws_url();
    let mut printer = Printer::start(&["--listen", "127.0.0.1:0", "--json"], &[("RECEIVER_TWITCH_WS", url.as_str())]);
    let welcome: Value = serde_json::from_str(&printer.stderr_until(|line| line.contains(r#""welcome""#))).unwrap();
    assert!(welcome["detail"].as_str().unwrap().contains("twitch event trigger channel.follow --transport=websocket"));
    // Without --twitch-ws-subscribe nothing subscribes: send to the session directly, as `--session` would.
    let session = runtime.block_on(async {
        loop {
            if let Some(session) = mock.sessions().into_iter().find(|s| s.open) {
                return session.id;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    mock.send_raw(&session, &receiver_tests::twitch_ws_mock::notification(9, &session));
    let delivery: Value = serde_json::from_str(&printer.stdout_until(|line| line.contains("channel.raid"))).unwrap();
    assert_eq!(delivery["source"], "twitch");
    assert_eq!(delivery["kind"], "channel.raid");
    assert_eq!(delivery["id"], "m-9");
    assert_eq!(delivery["twitch"]["message_type"], "notification");
    assert_eq!(delivery["event"]["Notification"]["event"]["ChannelRaidV1"]["viewers"], 9, "{delivery}");

    mock.close(&session, 4003);
    let status = printer.wait();
    assert!(!status.success());
    let error = printer.stderr_until(|line| line.starts_with("printer: "));
    assert!(error.contains("twitch-ws: session closed by the server: 4003 connection unused"), "{error}");
}
