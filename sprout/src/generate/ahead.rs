//! Rows drawn ahead on worker threads and handed back in row order.
//!
//! Block `b` of [`BLOCK`] rows goes to worker `b % threads`; each worker sends its blocks down a
//! channel of its own, two blocks deep, and the caller takes them round-robin, so rows arrive in
//! order and memory holds a few blocks whatever the table's size. A draw must be a function of
//! its row alone: then the output is the same for every thread count.

use std::sync::mpsc::{Receiver, sync_channel};

use crate::error::{Error, Result};

/// Rows per block handed from a worker to the caller.
const BLOCK: u64 = 512;

/// Calls `accept(row, drawn)` for every row in `0..n`, in order. With more than one thread,
/// `drawn` is `Some(draw(row))`, computed ahead on `threads` workers; otherwise `None` (the
/// caller draws the row itself, as when its draws read earlier rows).
pub(crate) fn draw_in_order<T: Send>(
    n: u64,
    threads: usize,
    draw: &(dyn Fn(u64) -> T + Sync),
    mut accept: impl FnMut(u64, Option<T>) -> Result<()>,
) -> Result<()> {
    if threads <= 1 || n < 2 * BLOCK {
        return (0..n).try_for_each(|row| accept(row, None));
    }
    let blocks = n.div_ceil(BLOCK);
    let workers = threads as u64;
    std::thread::scope(|scope| {
        let receivers: Vec<Receiver<Vec<T>>> = (0..workers)
            .map(|worker| {
                let (sender, receiver) = sync_channel(2);
                scope.spawn(move || {
                    for block in (worker..blocks).step_by(threads) {
                        let rows = block * BLOCK..((block + 1) * BLOCK).min(n);
                        // The caller stopped (an error): nothing more is wanted.
                        if sender.send(rows.map(draw).collect()).is_err() {
                            return;
                        }
                    }
                });
                receiver
            })
            .collect();
        for block in 0..blocks {
            let drawn =
                receivers[(block % workers) as usize]
                    .recv()
                    .map_err(|e| Error::ThreadFailed {
                        what: "row drawing",
                        source: Box::new(e),
                    })?;
            for (k, value) in drawn.into_iter().enumerate() {
                accept(block * BLOCK + k as u64, Some(value))?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_arrive_in_order_for_any_thread_count() {
        for threads in [1, 2, 3, 8] {
            for n in [0, 1, BLOCK - 1, 2 * BLOCK, 5 * BLOCK + 7] {
                let mut seen = Vec::new();
                draw_in_order(n, threads, &|row| row * 3, |row, drawn| {
                    seen.push(drawn.unwrap_or(row * 3));
                    assert_eq!(drawn.is_some(), threads > 1 && n >= 2 * BLOCK);
                    Ok(())
                })
                .unwrap();
                assert_eq!(seen, (0..n).map(|r| r * 3).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn an_error_stops_every_worker() {
        let mut accepted = 0;
        let result = draw_in_order(100 * BLOCK, 4, &|row| row, |row, _| {
            accepted += 1;
            if row == 3 * BLOCK + 1 {
                return Err(Error::Schema("stop".into()));
            }
            Ok(())
        });
        assert!(matches!(result, Err(Error::Schema(_))));
        assert_eq!(accepted, 3 * BLOCK + 2);
    }
}
