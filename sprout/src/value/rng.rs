//! Cell randomness: every cell's random stream is a pure function of
//! (seed, table, column, row, attempt).
//!
//! The five inputs are encoded length-prefixed, hashed with XXH3-128 (specified bit for bit,
//! the same on every platform), and the 256-bit ChaCha8 seed is built from two such hashes.
//! Ranges and floats are drawn with our own arithmetic on the raw 64-bit outputs, so values do
//! not move when `rand`'s distribution code changes between releases.

use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The random stream of one cell.
pub struct CellRng(ChaCha8Rng);

/// The coordinates of a cell.
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a> {
    /// The global seed.
    pub seed: u64,
    /// Table name.
    pub table: &'a str,
    /// Column name (or a purpose such as `#fk:customer_id` for picks that span columns).
    pub column: &'a str,
    /// Row index in the table.
    pub row: u64,
    /// Redraw number, 0 first.
    pub attempt: u32,
}

impl Cell<'_> {
    /// The cell's random stream.
    pub fn rng(&self) -> CellRng {
        let mut bytes = Vec::with_capacity(64 + self.table.len() + self.column.len());
        bytes.extend_from_slice(b"sprout-cell-v1");
        bytes.extend_from_slice(&self.seed.to_le_bytes());
        for part in [self.table, self.column] {
            bytes.extend_from_slice(&(part.len() as u64).to_le_bytes());
            bytes.extend_from_slice(part.as_bytes());
        }
        bytes.extend_from_slice(&self.row.to_le_bytes());
        bytes.extend_from_slice(&self.attempt.to_le_bytes());
        let low = xxhash_rust::xxh3::xxh3_128_with_seed(&bytes, 0x5EED_0001);
        let high = xxhash_rust::xxh3::xxh3_128_with_seed(&bytes, 0x5EED_0002);
        let mut seed = [0u8; 32];
        seed[..16].copy_from_slice(&low.to_le_bytes());
        seed[16..].copy_from_slice(&high.to_le_bytes());
        CellRng(ChaCha8Rng::from_seed(seed))
    }
}

impl CellRng {
    /// 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `0..n` (`n > 0`): draws that fall in the incomplete top block are redrawn,
    /// so every value is equally likely.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "below(0)");
        let excess = (u64::MAX % n + 1) % n; // 2^64 mod n
        loop {
            let x = self.next_u64();
            if x <= u64::MAX - excess {
                return x % n;
            }
        }
    }

    /// Uniform in `lo..=hi`.
    pub fn range_i64(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi as i128 - lo as i128 + 1) as u128;
        if span > u64::MAX as u128 {
            return self.next_u64() as i64;
        }
        (lo as i128 + self.below(span as u64) as i128) as i64
    }

    /// Uniform in `[0, 1)` with 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && self.unit() < p
    }

    /// One element of a non-empty slice.
    pub fn pick<'s, T>(&mut self, items: &'s [T]) -> &'s T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// The inner ChaCha stream, for the `fake` crate's generators.
    pub fn inner(&mut self) -> &mut ChaCha8Rng {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u64) -> Cell<'static> {
        Cell {
            seed: 42,
            table: "user",
            column: "email",
            row,
            attempt: 0,
        }
    }

    #[test]
    fn the_same_cell_gives_the_same_stream() {
        assert_eq!(cell(7).rng().next_u64(), cell(7).rng().next_u64());
        assert_ne!(cell(7).rng().next_u64(), cell(8).rng().next_u64());
        let other_table = Cell {
            table: "users",
            column: "email",
            ..cell(7)
        };
        assert_ne!(cell(7).rng().next_u64(), other_table.rng().next_u64());
        // Length prefixes keep ("ab", "c") apart from ("a", "bc").
        let a = Cell {
            table: "ab",
            column: "c",
            ..cell(0)
        };
        let b = Cell {
            table: "a",
            column: "bc",
            ..cell(0)
        };
        assert_ne!(a.rng().next_u64(), b.rng().next_u64());
    }

    #[test]
    fn stream_is_pinned_across_platforms_and_releases() {
        // If this changes, every generated value in every snapshot changes with it.
        assert_eq!(cell(0).rng().next_u64(), PINNED_FIRST_OUTPUT);
    }

    const PINNED_FIRST_OUTPUT: u64 = 8183528835893751061;

    #[test]
    fn ranges_stay_in_bounds() {
        let mut rng = cell(1).rng();
        for _ in 0..10_000 {
            let x = rng.range_i64(-3, 3);
            assert!((-3..=3).contains(&x));
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
        }
        assert_eq!(rng.range_i64(5, 5), 5);
        let full = rng.range_i64(i64::MIN, i64::MAX);
        let _ = full;
    }
}
