//! Every integration test of the server in one test binary: the real router on port 0 (or the real
//! server's process), a fresh database each, SQLite by default and PostgreSQL when
//! `LOVEBANK_TEST_POSTGRES` names a server. One binary instead of one per file: each extra binary
//! compiled and linked the server and its libraries' generic code again.
//! Run one area with a filter, e.g. `cargo test -p server --test integration sync_model`.

mod common;

mod accounts;
mod activity_attendance;
mod activity_proposals;
mod aid;
mod applications;
#[path = "authorization/main.rs"]
mod authorization;
mod city;
mod city_moves;
#[path = "controls/main.rs"]
mod controls;
mod copy;
mod decisions;
#[path = "going_live/main.rs"]
mod going_live;
mod help_return;
mod household_closure;
mod http;
mod id_card;
mod ledger;
mod ledger_model;
mod line_export;
#[path = "office/main.rs"]
mod office;
mod own_certificates;
mod people;
mod points;
mod points_admin;
mod running_totals;
#[path = "statistics/main.rs"]
mod statistics;
#[path = "sync/main.rs"]
mod sync;
mod sync_model;
mod two_servers;
mod verification_queue;
mod wish_life;
mod wishes;
mod witness;
