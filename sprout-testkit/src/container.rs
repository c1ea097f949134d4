//! PostgreSQL and MySQL/MariaDB servers in containers (testcontainers): one container per
//! engine per test binary, started on first use, shared by the binary's tests (each gets its own
//! database inside it), and removed when the binary exits.
//!
//! Containers live on a runtime of their own, so they outlive every test's runtime, and an
//! `atexit` hook removes them when the process ends (the test harness exits through `exit`).
//! Containers are labelled with the owning process; one whose process is gone (a killed run) is
//! removed the next time a binary starts a container. Ready means a real connection answers a
//! query, not a log line: the official PostgreSQL image restarts once after its init.

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use testcontainers::core::{ContainerPort, Mount, WaitFor};
use testcontainers::runners::AsyncRunner;
use testcontainers::{ContainerAsync, GenericImage, ImageExt};

use crate::database::Backend;
use sprout::dialect::TestServer;

/// The label every sprout-testkit container carries, with the owning process id as its value.
pub const LABEL: &str = "sprout.testkit.pid";

/// A container's server, ready for connections.
#[derive(Debug, Clone)]
pub(crate) struct Server {
    /// An admin URL (no password: the containers trust local connections).
    pub admin_url: String,
}

static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
/// One container per backend, in the order of [`Backend::ALL`].
static SERVERS: [tokio::sync::OnceCell<Result<Server, String>>; Backend::ALL.len()] =
    [const { tokio::sync::OnceCell::const_new() }; Backend::ALL.len()];
static RUNNING: Mutex<Vec<ContainerAsync<GenericImage>>> = Mutex::new(Vec::new());

fn runtime() -> &'static tokio::runtime::Runtime {
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("sprout-testkit-containers")
            .enable_all()
            .build()
            .expect("a runtime for containers")
    })
}

/// What the testkit knows of `backend`'s server, or why it runs none (SQLite).
fn test_server(backend: Backend) -> Result<TestServer, String> {
    backend
        .sql()
        .test_server()
        .ok_or_else(|| format!("{backend} is embedded: it runs in no container"))
}

/// The image for `backend`: `SPROUT_POSTGRES_IMAGE` / `SPROUT_MYSQL_IMAGE` (`name:tag`), else
/// the official image users pull (`postgres:17`, `mariadb:11`).
pub fn image_for(backend: Backend) -> (String, String) {
    let (var, default) = test_server(backend)
        .map(|server| (server.image_var, server.default_image))
        .unwrap_or(("", ""));
    let image = std::env::var(var).unwrap_or_else(|_| default.to_string());
    match image.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name.to_string(), tag.to_string()),
        _ => (image, "latest".to_string()),
    }
}

/// Whether a container's data directory goes on tmpfs: yes unless `SPROUT_CONTAINER_TMPFS=0`.
pub fn data_on_tmpfs() -> bool {
    std::env::var("SPROUT_CONTAINER_TMPFS").map_or(true, |v| v.trim() != "0")
}

/// The running container for `backend`, started on first use.
pub(crate) async fn server(backend: Backend) -> Result<Server, String> {
    let index = Backend::ALL
        .iter()
        .position(|&b| b == backend)
        .expect("every backend is in ALL");
    let cell = &SERVERS[index];
    cell.get_or_init(|| async move {
        // Start on the containers' own runtime; the test's runtime only waits.
        runtime()
            .spawn(start(backend))
            .await
            .unwrap_or_else(|e| Err(format!("the container task failed: {e}")))
    })
    .await
    .clone()
}

async fn start(backend: Backend) -> Result<Server, String> {
    reap_orphans();
    let server = test_server(backend)?;
    let (name, tag) = image_for(backend);
    let port = server.port;
    let mut image = GenericImage::new(name.clone(), tag.clone())
        .with_exposed_port(ContainerPort::Tcp(port))
        .with_wait_for(WaitFor::Nothing)
        .with_label(LABEL, std::process::id().to_string())
        .with_startup_timeout(Duration::from_secs(120));
    for (key, value) in server.container_env {
        image = image.with_env_var(*key, *value);
    }
    if data_on_tmpfs() {
        image = image.with_mount(Mount::tmpfs_mount(server.data_dir));
    }
    let container = image
        .start()
        .await
        .map_err(|e| format!("starting {name}:{tag}: {e}"))?;
    let host_port = container
        .get_host_port_ipv4(port)
        .await
        .map_err(|e| format!("the port of {name}:{tag}: {e}"))?;
    register_cleanup();
    RUNNING.lock().expect("container list").push(container);
    let admin_url = server
        .container_url
        .replace("{port}", &host_port.to_string());
    wait_ready(&admin_url).await?;
    // Speed over durability: the data dies with the container.
    let settings: Vec<String> = backend
        .sql()
        .throwaway_settings()
        .iter()
        .map(|s| s.to_string())
        .collect();
    crate::database::admin_execute(&admin_url, &settings)
        .await
        .map_err(|e| format!("setting {name}:{tag} up for throwaway data: {e}"))?;
    Ok(Server { admin_url })
}

/// Waits until a connection answers `SELECT 1` (two in a row, a moment apart: the official
/// PostgreSQL image's init server goes away once).
async fn wait_ready(url: &str) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut answered = 0;
    loop {
        match crate::database::ping(url).await {
            Ok(()) => {
                answered += 1;
                if answered == 2 {
                    return Ok(());
                }
            }
            Err(err) if Instant::now() > deadline => {
                return Err(format!("the container never accepted connections: {err}"));
            }
            Err(_) => answered = 0,
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Removes this process's containers when it exits.
fn register_cleanup() {
    static REGISTERED: OnceLock<()> = OnceLock::new();
    REGISTERED.get_or_init(|| {
        extern "C" fn remove_all() {
            let containers =
                std::mem::take(&mut *RUNNING.lock().unwrap_or_else(|p| p.into_inner()));
            if containers.is_empty() {
                return;
            }
            let removal = async move {
                for container in containers {
                    let _ = container.rm().await;
                }
            };
            // At exit the main thread's thread-locals (tokio's context among them) may be gone:
            // remove from a fresh thread.
            let _ = std::thread::spawn(move || runtime().block_on(removal)).join();
        }
        // SAFETY: registers a plain `extern "C"` function, called once at process exit. The one
        // unsafe block of the workspace (the lint denies the rest).
        #[allow(unsafe_code)]
        unsafe {
            libc::atexit(remove_all);
        }
    });
}

/// Removes sprout-testkit containers whose process no longer runs (a run killed before exit),
/// through the docker CLI when there is one; best effort.
fn reap_orphans() {
    let Ok(output) = std::process::Command::new("docker")
        .args(["ps", "-a", "--filter", &format!("label={LABEL}")])
        .args([
            "--format",
            &format!("{{{{.ID}}}} {{{{.Label \"{LABEL}\"}}}}"),
        ])
        .output()
    else {
        return;
    };
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let mut parts = line.split_whitespace();
        let (Some(id), Some(pid)) = (parts.next(), parts.next()) else {
            continue;
        };
        let alive = process_alive(pid);
        if !alive {
            let _ = std::process::Command::new("docker")
                .args(["rm", "-fv", id])
                .output();
        }
    }
}

/// Whether process `pid` still runs, whoever owns it: `ps -p` (POSIX, so Linux and macOS
/// alike, where there is no `/proc`).
fn process_alive(pid: &str) -> bool {
    std::process::Command::new("ps")
        .args(["-p", pid])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        // Without `ps`, nothing is known: keep the container.
        .map_or(true, |status| status.success())
}
