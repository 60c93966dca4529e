//! RFC 3339 timestamps as the senders write them.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// An RFC 3339 timestamp: an instant plus the way the sender wrote it.
///
/// Senders differ: Go's `RFC3339Nano` trims trailing zeros, so accweb and twitch-cli send 0 to 9 fractional
/// digits (`…T16:08:03Z`, `…T16:08:03.5Z`, `…T16:08:03.056223682Z`); Twitch itself sends 7 or 9; Khan sends
/// whole seconds with the server's offset (`2021-12-08T16:33:55-03:00`). `Timestamp` parses all of them and
/// remembers the precision and offset, so `Display` and `Serialize` give back the text that was parsed.
///
/// Equality compares the representation too; compare [`Timestamp::to_system_time`] values to compare
/// instants written differently.
///
/// ```
/// use receiver_core::Timestamp;
///
/// let khan: Timestamp = "2021-12-08T16:33:55-03:00".parse().unwrap();
/// let utc: Timestamp = "2021-12-08T19:33:55Z".parse().unwrap();
/// assert_eq!(khan.to_system_time(), utc.to_system_time()); // the same instant,
/// assert_ne!(khan, utc); // written differently,
/// assert_eq!(khan.to_string(), "2021-12-08T16:33:55-03:00"); // and printed as received.
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp {
    unix_seconds: i64,
    nanos: u32,
    offset_minutes: i16,
    frac_digits: u8,
    zulu: bool,
}

/// Why a string is not an RFC 3339 timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimestampError(&'static str);

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not an RFC 3339 timestamp: {}", self.0)
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// Parses an RFC 3339 date-time (`T`, `t` or a space between date and time; `Z`, `z` or `±hh:mm`).
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        Self::parse_bytes(text.as_bytes())
    }

    /// [`Timestamp::parse`] on bytes (a header value): only ASCII is ever accepted, so no UTF-8 pass first.
    pub(crate) fn parse_bytes(b: &[u8]) -> Result<Self, TimestampError> {
        let err = TimestampError;
        if b.len() < 20 {
            return Err(err("too short"));
        }
        let year = digits(b, 0, 4).ok_or(err("year"))?;
        expect(b, 4, b'-').ok_or(err("expected '-' after the year"))?;
        let month = digits(b, 5, 2).ok_or(err("month"))?;
        expect(b, 7, b'-').ok_or(err("expected '-' after the month"))?;
        let day = digits(b, 8, 2).ok_or(err("day"))?;
        if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
            return Err(err("expected 'T' between date and time"));
        }
        let hour = digits(b, 11, 2).ok_or(err("hour"))?;
        expect(b, 13, b':').ok_or(err("expected ':' after the hour"))?;
        let minute = digits(b, 14, 2).ok_or(err("minute"))?;
        expect(b, 16, b':').ok_or(err("expected ':' after the minute"))?;
        let second = digits(b, 17, 2).ok_or(err("second"))?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(err("date out of range"));
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(err("time out of range"));
        }

        let mut pos = 19;
        let mut nanos = 0u32;
        let mut frac_digits = 0u8;
        if b.get(pos) == Some(&b'.') {
            pos += 1;
            let start = pos;
            while let Some(d) = b.get(pos).filter(|c| c.is_ascii_digit()) {
                // Digits past the ninth are beyond nanosecond precision: accepted, not kept.
                if pos - start < 9 {
                    nanos = nanos * 10 + u32::from(d - b'0');
                    frac_digits += 1;
                }
                pos += 1;
            }
            if pos == start {
                return Err(err("no digits after '.'"));
            }
            nanos *= 10u32.pow(9 - u32::from(frac_digits));
        }

        let (offset_minutes, zulu) = match b.get(pos) {
            Some(b'Z' | b'z') if pos + 1 == b.len() => (0i16, true),
            Some(sign @ (b'+' | b'-')) if pos + 6 == b.len() => {
                let oh = digits(b, pos + 1, 2).ok_or(err("offset hours"))?;
                expect(b, pos + 3, b':').ok_or(err("expected ':' in the offset"))?;
                let om = digits(b, pos + 4, 2).ok_or(err("offset minutes"))?;
                if oh > 23 || om > 59 {
                    return Err(err("offset out of range"));
                }
                let minutes = i16::try_from(oh * 60 + om).map_err(|_| err("offset out of range"))?;
                (if *sign == b'-' { -minutes } else { minutes }, false)
            }
            _ => return Err(err("expected 'Z' or an offset like '+02:00' at the end")),
        };

        let days = days_from_civil(i64::from(year), month, day);
        let local = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
        Ok(Self { unix_seconds: local - i64::from(offset_minutes) * 60, nanos, offset_minutes, frac_digits, zulu })
    }

    /// A UTC timestamp (`Z`) for an instant, written as Go's `RFC3339Nano` does: trailing zeros of the
    /// fraction trimmed, no fraction at all on a whole second.
    ///
    /// # Panics
    ///
    /// Never for instants between the years 0 and 9999; later or earlier instants are clamped into that
    /// range.
    pub fn from_system_time(time: SystemTime) -> Self {
        let (secs, nanos) = match time.duration_since(UNIX_EPOCH) {
            Ok(d) => (i64::try_from(d.as_secs()).unwrap_or(MAX_UNIX), d.subsec_nanos()),
            Err(e) => {
                let d = e.duration();
                let secs = i64::try_from(d.as_secs()).unwrap_or(MAX_UNIX);
                if d.subsec_nanos() == 0 { (-secs, 0) } else { (-secs - 1, 1_000_000_000 - d.subsec_nanos()) }
            }
        };
        let secs = secs.clamp(MIN_UNIX, MAX_UNIX);
        let mut frac_digits = 9u8;
        let mut n = nanos;
        if n == 0 {
            frac_digits = 0;
        } else {
            while n % 10 == 0 {
                n /= 10;
                frac_digits -= 1;
            }
        }
        Self { unix_seconds: secs, nanos, offset_minutes: 0, frac_digits, zulu: true }
    }

    /// Seconds since the Unix epoch (UTC); negative before 1970.
    pub fn unix_seconds(&self) -> i64 {
        self.unix_seconds
    }

    /// The fraction of the second, in nanoseconds (digits past the ninth are dropped).
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// The offset from UTC the sender wrote, in minutes (0 for `Z`).
    pub fn offset_minutes(&self) -> i16 {
        self.offset_minutes
    }

    /// The instant as a [`SystemTime`].
    pub fn to_system_time(&self) -> SystemTime {
        let whole = Duration::from_secs(self.unix_seconds.unsigned_abs());
        let at_second = if self.unix_seconds >= 0 { UNIX_EPOCH + whole } else { UNIX_EPOCH - whole };
        at_second + Duration::from_nanos(u64::from(self.nanos))
    }
}

const MIN_UNIX: i64 = -62_167_219_200; // 0000-01-01T00:00:00Z
const MAX_UNIX: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let local = self.unix_seconds + i64::from(self.offset_minutes) * 60;
        let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        write!(f, "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)?;
        if self.frac_digits > 0 {
            let scaled = self.nanos / 10u32.pow(9 - u32::from(self.frac_digits));
            write!(f, ".{scaled:0width$}", width = usize::from(self.frac_digits))?;
        }
        if self.zulu {
            f.write_str("Z")
        } else {
            let sign = if self.offset_minutes < 0 { '-' } else { '+' };
            let abs = self.offset_minutes.unsigned_abs();
            write!(f, "{sign}{:02}:{:02}", abs / 60, abs % 60)
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Self, TimestampError> {
        Self::parse(s)
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let slice = b.get(at..at + n)?;
    slice.iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
}

fn expect(b: &[u8], at: usize, c: u8) -> Option<()> {
    (b.get(at) == Some(&c)).then_some(())
}

fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn parses_every_precision_senders_use_and_prints_it_back() {
        for text in [
            "2024-06-06T16:08:03Z",
            "2024-06-06T16:08:03.5Z",
            "2019-11-16T10:11:12.123Z",
            "2021-02-19T23:47:00.8091512Z",
            "2024-06-06T16:08:03.056223682Z",
            "2021-12-08T16:33:55-03:00",
            "2021-12-08T19:33:55+00:00",
            "2026-03-11T17:51:16.500Z",
        ] {
            assert_eq!(ts(text).to_string(), text);
        }
    }

    #[test]
    fn known_instants() {
        assert_eq!(ts("1970-01-01T00:00:00Z").unix_seconds(), 0);
        assert_eq!(ts("2021-02-19T23:47:00.8091512Z").unix_seconds(), 1_613_778_420);
        assert_eq!(ts("2021-02-19T23:47:00.8091512Z").subsec_nanos(), 809_151_200);
        // Khan writes the server's local offset: the same instant as 19:33:55Z.
        assert_eq!(ts("2021-12-08T16:33:55-03:00").unix_seconds(), ts("2021-12-08T19:33:55Z").unix_seconds());
        assert_eq!(ts("2000-02-29T00:00:00Z").unix_seconds(), 951_782_400);
        assert_eq!(ts("1969-12-31T23:59:59.5Z").unix_seconds(), -1);
        assert_eq!(ts("1969-12-31T23:59:59.5Z").to_system_time(), UNIX_EPOCH - Duration::from_millis(500));
    }

    #[test]
    fn system_time_round_trip_writes_go_style_fractions() {
        let t = UNIX_EPOCH + Duration::new(1_700_000_000, 120_000_000);
        let stamp = Timestamp::from_system_time(t);
        assert_eq!(stamp.to_string(), "2023-11-14T22:13:20.12Z");
        assert_eq!(stamp.to_system_time(), t);
        assert_eq!(Timestamp::from_system_time(UNIX_EPOCH).to_string(), "1970-01-01T00:00:00Z");
        let before = UNIX_EPOCH - Duration::from_millis(1500);
        assert_eq!(Timestamp::from_system_time(before).to_string(), "1969-12-31T23:59:58.5Z");
        assert_eq!(Timestamp::from_system_time(before).to_system_time(), before);
    }

    #[test]
    fn rejects_what_is_not_rfc_3339() {
        for bad in [
            "",
            "2024-06-06",
            "2024-06-06T16:08:03",
            "2024-06-06T16:08:03.Z",
            "2024-13-06T16:08:03Z",
            "2023-02-29T16:08:03Z",
            "2024-06-06T24:00:00Z",
            "2024-06-06T16:08:60Z",
            "2024-06-06T16:08:03+0200",
            "2024-06-06T16:08:03Zjunk",
            "２０２４-06-06T16:08:03Z",
            "2024-06-06T16:08:03.1234567890123Zx",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn extra_fraction_digits_are_accepted_and_truncated() {
        let t = ts("2024-06-06T16:08:03.1234567891Z");
        assert_eq!(t.subsec_nanos(), 123_456_789);
    }

    #[test]
    fn civil_conversion_round_trips_across_four_centuries() {
        for days in (-800_000..800_000).step_by(97) {
            let (y, m, d) = civil_from_days(days);
            let (m, d) = (u32::try_from(m).unwrap(), u32::try_from(d).unwrap());
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
