//! Password hashing on a few threads of its own. Each argon2id hash takes 19 MiB; run on the
//! shared blocking pool, a burst of sign-ins spread them over many threads, and the allocator
//! kept a copy of that memory per thread (1,000 sign-ins at once left the server at 815 MB
//! although no more than four hashes ever ran together). A fixed set of threads keeps both the
//! hashes in flight and the memory they leave behind bounded.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use app::api::ApiError;
use tokio::sync::Semaphore;

type Job = Box<dyn FnOnce() + Send>;

pub struct HashPool {
    jobs: mpsc::Sender<Job>,
    /// One permit per thread: a caller waits for its turn here, at most `queue_wait`.
    turns: Arc<Semaphore>,
    queue_wait: Duration,
    in_flight: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
}

impl HashPool {
    pub fn new(threads: usize, queue_wait: Duration) -> std::io::Result<HashPool> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("password-hash-{n}"))
                .spawn(move || loop {
                    let job = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    match job {
                        Ok(job) => job(),
                        Err(_) => break, // the pool was dropped
                    }
                })?;
        }
        Ok(HashPool {
            jobs,
            turns: Arc::new(Semaphore::new(threads)),
            queue_wait,
            in_flight: Arc::new(AtomicUsize::new(0)),
            peak: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// Runs `f` on one of the pool's threads; "try again later" when no thread was free within
    /// the queue wait.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = tokio::time::timeout(self.queue_wait, self.turns.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::Unavailable)?
            .map_err(|_| ApiError::Unavailable)?;
        let (answer, answered) = tokio::sync::oneshot::channel();
        let (in_flight, peak) = (self.in_flight.clone(), self.peak.clone());
        self.jobs
            .send(Box::new(move || {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                // A panic must not take the thread with it.
                let out = std::panic::catch_unwind(AssertUnwindSafe(f));
                in_flight.fetch_sub(1, Ordering::SeqCst);
                drop(permit);
                if let Ok(out) = out {
                    let _ = answer.send(out);
                }
            }))
            .map_err(|_| ApiError::Unavailable)?;
        answered.await.map_err(|_| ApiError::Unavailable)
    }

    /// The most jobs that ever ran at the same time.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn at_most_as_many_jobs_as_threads_run_and_a_panic_is_an_answer() {
        let pool = Arc::new(HashPool::new(2, Duration::from_secs(5)).expect("pool"));
        let jobs: Vec<_> = (0..10)
            .map(|i| {
                let pool = pool.clone();
                tokio::spawn(async move {
                    pool.run(move || {
                        std::thread::sleep(Duration::from_millis(20));
                        i
                    })
                    .await
                })
            })
            .collect();
        for (i, job) in jobs.into_iter().enumerate() {
            assert_eq!(job.await.expect("task"), Ok(i));
        }
        assert_eq!(pool.peak(), 2);
        let failed = pool.run(|| -> u32 { panic!("boom") }).await;
        assert_eq!(failed, Err(ApiError::Unavailable));
        assert_eq!(pool.run(|| 7).await, Ok(7), "the thread survived");
    }
}
