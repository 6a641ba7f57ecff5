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
#include "stochos/distributed/mpi_world.h"
#include "stochos/tfio/shards.h"
#include "stochos/melody/dataset.h"
#include "stochos/notesequence/convert_job.h"

namespace stochos::distributed {

/// Shard `shard` of the convert job; options.output_file names the whole job's output.
notesequence::ConvertSummary convert_shard(notesequence::ConvertOptions options, tfio::ShardSpec shard);

/// The convert job over every rank of `world`. Returns the merged summary on rank 0 (items
/// sorted by input order, counts summed, seconds of the whole job) and this rank's own
/// summary on the others.
notesequence::ConvertSummary convert_across_ranks(notesequence::ConvertOptions options, MpiWorld& world);

/// Shard `shard` of the dataset job. Throws Error (kUsage) for a folder input: the split
/// depends on every file's conversion, so convert (sharded) first and pass the shards.
melody::DatasetSummary create_dataset_shard(melody::DatasetOptions options, tfio::ShardSpec shard);

/// The dataset job over every rank of `world`. A folder input is converted across the ranks
/// first, into scratch shards in output_dir merged in input order by rank 0 (output_dir must
/// be on a filesystem every rank sees). Returns the merged summary on rank 0 (statistics
/// summed, reports in input order); this rank's own on the others.
melody::DatasetSummary create_dataset_across_ranks(melody::DatasetOptions options, MpiWorld& world);

}  // namespace stochos::distributed
