//! Reading a user's input file (or standard input) with a size cap, so
//! `--file /dev/zero` is an error in milliseconds instead of gigabytes, and a
//! leading UTF-8 byte-order mark (Windows editors write one) is dropped.

use std::io::Read;
use std::path::Path;

/// Reads `path` (`-`: standard input), refusing more than `max_bytes`.
/// `why` says what the limit is for, in the error.
pub fn read_capped(path: &Path, max_bytes: u64, why: &str) -> Result<String, String> {
    let name = if path.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?)
    };
    let mut bytes = Vec::new();
    reader
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!(
            "{name} is larger than {} KiB; {why}",
            max_bytes / 1024
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_strips_the_bom_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "\u{feff}repositories/a/content/read\n").unwrap();
        assert_eq!(
            read_capped(&p, 1024, "x").unwrap(),
            "repositories/a/content/read\n"
        );
        std::fs::write(&p, vec![b'a'; 2048]).unwrap();
        let e = read_capped(&p, 1024, "a scope map holds at most 500 actions").unwrap_err();
        assert!(e.contains("larger than 1 KiB; a scope map holds"), "{e}");
        assert!(read_capped(Path::new("/dev/zero"), 1024, "x").is_err());
        std::fs::write(&p, [0xff, 0xfe]).unwrap();
        assert!(
            read_capped(&p, 1024, "x")
                .unwrap_err()
                .contains("not UTF-8")
        );
    }
}
