//! Allocation benchmarks: solve time per scale (criterion), plus a table of
//! solution quality when run with `SOUDAN_ALLOC_TABLE=1`:
//!
//! ```text
//! cargo bench --bench alloc                          # criterion timings
//! SOUDAN_ALLOC_TABLE=1 cargo bench --bench alloc     # quality table
//! SOUDAN_ALLOC_SWEEP=1 cargo bench --bench alloc     # knob sweep (see `sweep`)
//! SOUDAN_ALLOC_FILES=a.json,b.json cargo bench --bench alloc   # instance files
//! SOUDAN_ALLOC_SHAPES=1 cargo bench --bench alloc    # issue 24's shapes (see `shapes`)
//! ```

use std::hint::black_box;
use std::time::Instant;

use criterion::Criterion;
use soudan::alloc::{Scale, SolveOptions, check, generate, solve};

fn table() {
    let seeds: Vec<u64> = std::env::var("SOUDAN_ALLOC_SEEDS")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 2, 3]);
    let scales: Vec<Scale> = std::env::var("SOUDAN_ALLOC_SCALES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| Scale::ALL.to_vec());
    println!(
        "| scale | seed | requests | candidates | time | W | bound | gap % | W optimal | C optimal | C | greedy W | greedy loss % | auction bound | exact nodes |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for &scale in &scales {
        for &seed in &seeds {
            let inst = generate(scale, seed);
            let t = Instant::now();
            let rep = match solve(&inst, &bench_opts()) {
                Ok(r) => r,
                Err(e) => {
                    println!("| {scale} | {seed} | error: {e} |");
                    continue;
                }
            };
            let dt = t.elapsed();
            let viol = check(&inst, &rep.solution);
            assert!(viol.is_empty(), "infeasible: {viol:?}");
            if std::env::var_os("SOUDAN_ALLOC_PHASES").is_some() {
                let ms: Vec<String> = rep
                    .stats
                    .phase_times
                    .iter()
                    .map(|d| format!("{:.0}", d.as_secs_f64() * 1e3))
                    .collect();
                eprintln!(
                    "{scale} {seed}: phases (heuristic, bound, second start, lns, exact) ms: {}",
                    ms.join(" / ")
                );
            }
            let w = rep.solution.objective.weight;
            let gap = 100.0 * (rep.bound_weight - w) as f64 / rep.bound_weight.max(1) as f64;
            let gl = 100.0 * (w - rep.stats.greedy_weight) as f64 / w.max(1) as f64;
            println!(
                "| {scale} | {seed} | {} | {} | {:.1} ms | {w} | {} | {gap:.3} | {} | {} | {} | {} | {gl:.1} | {} | {} |",
                rep.stats.requests,
                rep.stats.candidates,
                dt.as_secs_f64() * 1e3,
                rep.bound_weight,
                rep.optimal,
                rep.cost_optimal,
                rep.solution.objective.cost,
                rep.stats.greedy_weight,
                rep.stats.auction_bound,
                rep.stats.exact_nodes,
            );
        }
    }
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("alloc_solve");
    for scale in [Scale::Sendai, Scale::City, Scale::Metro] {
        let inst = generate(scale, 1);
        g.bench_function(scale.name(), |b| {
            b.iter(|| solve(black_box(&inst), &SolveOptions::default()))
        });
    }
    g.finish();
    let mut g = c.benchmark_group("alloc_solve_national");
    g.sample_size(10);
    let inst = generate(Scale::National, 1);
    g.bench_function("national", |b| {
        b.iter(|| solve(black_box(&inst), &SolveOptions::default()))
    });
    g.finish();
}

/// The solver's options for the engineers' knobs: `SOUDAN_ALLOC_LNS_PATIENCE` (a count of
/// ruin-and-recreate iterations without improvement) and `SOUDAN_ALLOC_LNS_THREADS` (1 = the
/// sequential search).
fn bench_opts() -> SolveOptions {
    fn num<T: std::str::FromStr>(k: &str) -> Option<T> {
        std::env::var(k).ok().and_then(|v| v.parse().ok())
    }
    SolveOptions {
        lns_patience: num("SOUDAN_ALLOC_LNS_PATIENCE"),
        lns_threads: num("SOUDAN_ALLOC_LNS_THREADS"),
        lns_outsider_budget: num("SOUDAN_ALLOC_LNS_OUTSIDER_BUDGET"),
        lns_iterations: num("SOUDAN_ALLOC_LNS_ITERATIONS"),
        exact_threads: num("SOUDAN_ALLOC_EXACT_THREADS"),
        ..SolveOptions::default()
    }
}

/// `SOUDAN_ALLOC_FILES=a.json,b.json`: solve instance files (e.g. the regression months in
/// `tests/fixtures/alloc/`) and print one line each with the phase times.
fn files(list: &str) {
    println!(
        "| file | requests | candidates | time | W | bound | gap % | W optimal | C optimal | C | exact nodes | phases ms (heur/bound/second/lns/exact) | lns iterations (last better) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for path in list.split(',').filter(|p| !p.is_empty()) {
        let text = std::fs::read_to_string(path).expect("readable instance file");
        let inst = soudan::alloc::parse_instance(&text).expect("valid instance");
        let t = Instant::now();
        let opts = bench_opts();
        let rep = solve(&inst, &opts).expect("valid instance");
        let dt = t.elapsed();
        assert!(check(&inst, &rep.solution).is_empty(), "infeasible");
        let w = rep.solution.objective.weight;
        let gap = 100.0 * (rep.bound_weight - w) as f64 / rep.bound_weight.max(1) as f64;
        let ms: Vec<String> = rep
            .stats
            .phase_times
            .iter()
            .map(|d| format!("{:.0}", d.as_secs_f64() * 1e3))
            .collect();
        println!(
            "| {path} | {} | {} | {:.1} ms | {w} | {} | {gap:.3} | {} | {} | {} | {} | {} | {} ({}) |",
            rep.stats.requests,
            rep.stats.candidates,
            dt.as_secs_f64() * 1e3,
            rep.bound_weight,
            rep.optimal,
            rep.cost_optimal,
            rep.solution.objective.cost,
            rep.stats.exact_nodes,
            ms.join(" / "),
            rep.stats.lns_iterations,
            rep.stats.lns_last_improvement,
        );
    }
}

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// `SOUDAN_ALLOC_SWEEP=1`: a seeded sweep of knob months (`soudan::alloc::sweep`), one row
/// per knob preset plus a row of random knob mixes, with the distribution of solve time and
/// gap. `SOUDAN_ALLOC_SWEEP_N` months per row (default 25), `SOUDAN_ALLOC_SWEEP_SIZE`
/// requests (default 300), `SOUDAN_ALLOC_SWEEP_SEED` first seed (default 10000; seeds below
/// 10000 were used for tuning).
fn sweep() {
    let n = env_num("SOUDAN_ALLOC_SWEEP_N", 25);
    let size = env_num("SOUDAN_ALLOC_SWEEP_SIZE", 300) as usize;
    let seed0 = env_num("SOUDAN_ALLOC_SWEEP_SEED", 10_000);
    println!(
        "requests {size}, {n} months per row, seeds {seed0}..{}",
        seed0 + n
    );
    println!(
        "| knobs | months | W proven | C proven | median ms | p90 ms | max ms | max gap % | mean gap % |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut rows: Vec<(String, Option<soudan::alloc::Knobs>)> = soudan::alloc::Knobs::presets()
        .into_iter()
        .map(|(name, k)| (name.to_string(), Some(k)))
        .collect();
    rows.push(("random mix".to_string(), None));
    for (name, knobs) in rows {
        let mut times = Vec::new();
        let mut gaps = Vec::new();
        let (mut wp, mut cp) = (0, 0);
        for seed in seed0..seed0 + n {
            let k = knobs.unwrap_or_else(|| soudan::alloc::Knobs::random(seed));
            let inst = soudan::alloc::generate_knobs(size, seed, k);
            let t = Instant::now();
            let opts = bench_opts();
            let rep = solve(&inst, &opts).expect("valid instance");
            times.push(t.elapsed().as_secs_f64() * 1e3);
            assert!(check(&inst, &rep.solution).is_empty(), "infeasible");
            let w = rep.solution.objective.weight;
            gaps.push(100.0 * (rep.bound_weight - w) as f64 / rep.bound_weight.max(1) as f64);
            wp += usize::from(rep.optimal);
            cp += usize::from(rep.cost_optimal);
        }
        times.sort_by(f64::total_cmp);
        let q = |f: f64| times[((times.len() - 1) as f64 * f).round() as usize];
        let max_gap = gaps.iter().copied().fold(0.0, f64::max);
        let mean_gap = gaps.iter().sum::<f64>() / gaps.len().max(1) as f64;
        println!(
            "| {name} | {n} | {wp} | {cp} | {:.1} | {:.1} | {:.1} | {max_gap:.3} | {mean_gap:.4} |",
            q(0.5),
            q(0.9),
            q(1.0)
        );
    }
}

/// `SOUDAN_ALLOC_SHAPES=1` (every shape) or `=regional,many`: one row per shape × scale ×
/// seed of `soudan::alloc::shapes` months, with the phase times. `SOUDAN_ALLOC_SCALES`
/// (default city,metro,national) and `SOUDAN_ALLOC_SEEDS` (default 1,2,3: the tuning seeds;
/// 101,102,103 are held out for the before/after figures). Rows are printed as they finish.
fn shapes(list: &str) {
    use soudan::alloc::{Shape, generate_shape};
    use std::io::Write;
    let shapes: Vec<Shape> = if list.trim() == "1" {
        Shape::ALL.to_vec()
    } else {
        list.split(',')
            .filter_map(|x| x.trim().parse().ok())
            .collect()
    };
    let seeds: Vec<u64> = std::env::var("SOUDAN_ALLOC_SEEDS")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 2, 3]);
    let scales: Vec<Scale> = std::env::var("SOUDAN_ALLOC_SCALES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![Scale::City, Scale::Metro, Scale::National]);
    println!(
        "| shape | scale | seed | requests | pins | candidates | time s | W | bound | gap % | optimal | heuristic s | bound s | second start s | lns s | exact s | exact nodes |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for &scale in &scales {
        for &shape in &shapes {
            for &seed in &seeds {
                let inst = generate_shape(scale, seed, shape);
                let t = Instant::now();
                let rep = solve(&inst, &bench_opts()).expect("valid instance");
                let dt = t.elapsed();
                assert!(check(&inst, &rep.solution).is_empty(), "infeasible");
                let w = rep.solution.objective.weight;
                let gap = 100.0 * (rep.bound_weight - w) as f64 / rep.bound_weight.max(1) as f64;
                let ph: Vec<String> = rep
                    .stats
                    .phase_times
                    .iter()
                    .map(|d| format!("{:.2}", d.as_secs_f64()))
                    .collect();
                println!(
                    "| {shape} | {scale} | {seed} | {} | {} | {} | {:.2} | {w} | {} | {gap:.3} | {} | {} | {} |",
                    rep.stats.requests,
                    inst.pinned.len(),
                    rep.stats.candidates,
                    dt.as_secs_f64(),
                    rep.bound_weight,
                    rep.optimal,
                    ph.join(" | "),
                    rep.stats.exact_nodes,
                );
                let _ = std::io::stdout().flush();
            }
        }
    }
}

fn main() {
    if let Ok(list) = std::env::var("SOUDAN_ALLOC_SHAPES") {
        shapes(&list);
        return;
    }
    if std::env::var_os("SOUDAN_ALLOC_SWEEP").is_some() {
        sweep();
        return;
    }
    if let Ok(list) = std::env::var("SOUDAN_ALLOC_FILES") {
        files(&list);
        return;
    }
    if std::env::var_os("SOUDAN_ALLOC_TABLE").is_some() {
        table();
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
