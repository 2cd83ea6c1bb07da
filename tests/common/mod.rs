//! Shared by the native tests: a small deterministic generator, so that a failure names a seed
//! that reproduces it.

/// A linear congruential generator (Knuth's MMIX constants).
pub(crate) struct Lcg(pub(crate) u64);

#[allow(dead_code)] // each test file uses what it needs
impl Lcg {
    /// The next 31 random bits.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// A fair coin.
    pub(crate) fn flip(&mut self) -> bool {
        self.next().is_multiple_of(2)
    }

    /// A number below `n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// One of `from`.
    pub(crate) fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

/// Every Rust file under `src/`, in no particular order.
#[allow(dead_code)] // each test file uses what it needs
pub(crate) fn source_files() -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, into: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for path in entries.flatten().map(|entry| entry.path()) {
            if path.is_dir() {
                walk(&path, into);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                into.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files
}
