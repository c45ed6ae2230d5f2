//! Output statistics of a run: batch-means confidence intervals, percentiles and the waiting
//! time timeline. Batch means: the measured conversations, in arrival order, are cut into
//! [`BATCHES`] consecutive batches; with batches this long the batch means are nearly
//! independent and normal, so a Student t interval on them is a valid CI for the mean wait
//! even though consecutive waits are strongly correlated.

/// The number of batches.
pub const BATCHES: usize = 20;

/// Student's t quantile for a two-sided 99% interval with `BATCHES - 1` = 19 degrees of
/// freedom.
pub const T_99_19: f64 = 2.860_934_6;

/// A mean with its 99% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanCi {
    /// The grand mean (mean of all measured values).
    pub mean: f64,
    /// The half-width of the 99% interval (`NaN` with too few values).
    pub half_width: f64,
}

/// Batch-means estimate over `values` (in time order). Needs at least `2 * BATCHES` values for
/// an interval; the values past the last whole batch count in the mean only.
pub fn batch_means(values: &[f64]) -> MeanCi {
    let n = values.len();
    let mean = if n == 0 {
        f64::NAN
    } else {
        values.iter().sum::<f64>() / n as f64
    };
    let size = n / BATCHES;
    if size < 2 {
        return MeanCi {
            mean,
            half_width: f64::NAN,
        };
    }
    let means: Vec<f64> = values
        .chunks_exact(size)
        .take(BATCHES)
        .map(|b| b.iter().sum::<f64>() / size as f64)
        .collect();
    let m = means.iter().sum::<f64>() / BATCHES as f64;
    let var = means.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (BATCHES - 1) as f64;
    MeanCi {
        mean,
        half_width: T_99_19 * (var / BATCHES as f64).sqrt(),
    }
}

/// The `q`-quantile (0 to 1) by nearest rank; reorders `values`. `NaN` when empty.
pub fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1;
    let (_, v, _) = values.select_nth_unstable_by(rank, f64::total_cmp);
    *v
}

/// Mean wait per time bin: `bins` equal bins over `[0, end]` of arrival time; bins without
/// arrivals are left out. Returns (bin start, mean wait) pairs.
pub fn timeline(arrivals: &[f64], waits: &[f64], end: f64, bins: usize) -> Vec<(f64, f64)> {
    if bins == 0 || end.is_nan() || end <= 0.0 {
        return Vec::new();
    }
    let width = end / bins as f64;
    let mut sum = vec![0.0; bins];
    let mut count = vec![0u32; bins];
    for (&t, &w) in arrivals.iter().zip(waits) {
        if w.is_finite() {
            let b = ((t / width) as usize).min(bins - 1);
            sum[b] += w;
            count[b] += 1;
        }
    }
    (0..bins)
        .filter(|&b| count[b] > 0)
        .map(|b| (b as f64 * width, sum[b] / f64::from(count[b])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::sim::rng::Rng;

    #[test]
    fn batch_means_interval_covers_a_known_mean() {
        // Independent exponential values of mean 2: the interval should hold 2 and be tight.
        let mut rng = Rng::new(5);
        let v: Vec<f64> = (0..100_000).map(|_| rng.exponential(2.0)).collect();
        let ci = batch_means(&v);
        assert!((ci.mean - 2.0).abs() < ci.half_width, "{ci:?}");
        assert!(ci.half_width < 0.05, "{ci:?}");
        assert!(batch_means(&v[..10]).half_width.is_nan());
    }

    #[test]
    fn batch_means_widens_for_correlated_data() {
        // An AR(1) series with strong correlation has a much wider interval than its naive
        // standard error would suggest; batch means must see that.
        let mut rng = Rng::new(9);
        let mut x = 0.0;
        let v: Vec<f64> = (0..200_000)
            .map(|_| {
                x = 0.99 * x + rng.normal();
                x
            })
            .collect();
        let ci = batch_means(&v);
        let sd = (v.iter().map(|x| x * x).sum::<f64>() / v.len() as f64).sqrt();
        let naive = 2.576 * sd / (v.len() as f64).sqrt();
        assert!(
            ci.half_width > 5.0 * naive,
            "{} vs naive {naive}",
            ci.half_width
        );
    }

    #[test]
    fn quantiles_by_nearest_rank() {
        let mut v: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        assert_eq!(quantile(&mut v, 0.5), 5.0);
        assert_eq!(quantile(&mut v, 0.9), 9.0);
        assert_eq!(quantile(&mut v, 1.0), 10.0);
        assert!(quantile(&mut [], 0.5).is_nan());
    }

    #[test]
    fn timeline_bins_by_arrival_time() {
        let t = timeline(&[0.5, 1.5, 1.6, 3.9], &[1.0, 2.0, 4.0, 8.0], 4.0, 4);
        assert_eq!(t, vec![(0.0, 1.0), (1.0, 3.0), (3.0, 8.0)]);
    }
}
