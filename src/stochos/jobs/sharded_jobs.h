// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// `stochos convert` and `stochos melody dataset` as shard K of N (any scheduler) or across
/// the ranks of an MPI job.
///
/// Sharded: the files whose relative path hashes to K (tfio::shard_of) are converted into
/// <output>-0000K-of-0000N, in the single-process order; a dataset shard reads the whole
/// input, draws every partition, and runs the pipeline on the sequences whose filename
/// hashes to K. The union of the N shards' records is the single-process output.
///
/// MPI: rank 0 lists the files and broadcasts the list; every rank (rank 0 included) claims
/// chunks of it from a shared one-sided counter, so fast ranks take more work; rank r writes
/// shard r of N; failures and statistics are gathered on rank 0, which alone draws the
/// progress bar (from the shared count of finished items) and returns the summary to print.
#include "stochos/jobs/convert_job.h"
#include "stochos/jobs/dataset_job.h"
#include "stochos/jobs/mpi_world.h"
#include "stochos/tfio/shards.h"

namespace stochos::jobs {

/// Shard `shard` of the convert job; options.output_file names the whole job's output.
ConvertSummary convert_shard(ConvertOptions options, tfio::ShardSpec shard);

/// The convert job over every rank of `world`. Returns the merged summary on rank 0 (items
/// sorted by input order, counts summed, seconds of the whole job) and this rank's own
/// summary on the others.
ConvertSummary convert_across_ranks(ConvertOptions options, MpiWorld& world);

/// Shard `shard` of the dataset job. Throws Error (kUsage) for a folder input: the split
/// depends on every file's conversion, so convert (sharded) first and pass the shards.
DatasetSummary create_dataset_shard(DatasetOptions options, tfio::ShardSpec shard);

/// The dataset job over every rank of `world`. A folder input is converted across the ranks
/// first, into scratch shards in output_dir merged in input order by rank 0 (output_dir must
/// be on a filesystem every rank sees). Returns the merged summary on rank 0 (statistics
/// summed, reports in input order); this rank's own on the others.
DatasetSummary create_dataset_across_ranks(DatasetOptions options, MpiWorld& world);

/// Where a job that can spread runs: across the ranks of an mpirun, or as one shard K/N of a
/// job spread by any other scheduler (the whole job when no shard is given).
struct JobPlacement {
  MpiWorld* world = nullptr;
  tfio::ShardSpec shard;
  bool distributed() const { return world->distributed(); }
  /// Rank 0, or the only process: the one that reports the job.
  bool is_root() const { return world->is_root(); }
};

/// The placement for `shard_text` (--shard "K/N", empty for none) in this process's MPI
/// world. Throws Error (kUsage) for a shard under mpirun (they exclude each other) or a bad K/N.
JobPlacement place_job(const std::string& shard_text);

/// The convert and dataset jobs where `placement` puts them: across the ranks (rank 0 gets
/// the merged summary) or as its shard.
ConvertSummary run_convert(const ConvertOptions& options, const JobPlacement& placement);
DatasetSummary run_dataset(const DatasetOptions& options, const JobPlacement& placement);

/// The job's exit code on every rank: rank 0's `root_code` (the other ranks' argument is
/// ignored), broadcast under mpirun so that every rank ends alike; `root_code` otherwise.
int job_exit_code(const JobPlacement& placement, int root_code);

/// TensorFlow's name of what the job wrote for `output`: OUT-*-of-0000R across R ranks,
/// OUT-0000K-of-0000N for a shard, `output` for the whole job.
std::string written_name(const std::string& output, const JobPlacement& placement);

}  // namespace stochos::jobs
