// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/jobs/train_job.h"

#include "stochos/jobs/mpi_world.h"

namespace stochos::jobs {

OpenedTrainingRun open_training_run(const TrainJobOptions& o) {
  OpenedTrainingRun opened;
  rnn::TrainOptions& options = opened.options;
  MpiWorld* world = o.across_mpi_ranks ? &MpiWorld::get() : nullptr;
  if (world && world->distributed()) {
    options.data_parallel.rank = world->rank();
    options.data_parallel.ranks = world->size();
    options.data_parallel.allreduce_floats = [world](float* v, std::size_t n) { world->allreduce_sum(v, n); };
    options.data_parallel.allreduce_doubles = [world](double* v, std::size_t n) {
      world->allreduce_sum(v, n);
    };
    opened.is_root = world->is_root();
    opened.ranks = world->size();
    if (!opened.is_root) world->barrier();  // rank 0 checks and writes stochos_run.txt first
  }
  bool is_new = false;
  options.run = rnn::resolve_run_config(o.run_dir, o.request, is_new);
  if (is_new && opened.is_root) rnn::write_run_config(o.run_dir, options.run);
  if (opened.ranks > 1 && opened.is_root) world->barrier();
  options.sequence_example_files = o.sequence_example_files;
  options.run_dir = o.run_dir;
  options.num_training_steps = o.num_training_steps;
  options.checkpoint_every_steps = o.checkpoint_every_steps;
  options.summary_every_steps = o.summary_every_steps;
  options.init_from = o.init_from;
  options.num_threads = o.num_threads;
  options.show_progress = o.show_progress;
  return opened;
}

std::string describe_training_run(const OpenedTrainingRun& run) {
  const rnn::TrainOptions& o = run.options;
  std::string line = "config " + o.run.config.id + ", hparams " +
                     melody::hparams_to_string(o.run.config.hparams) + ", seed " +
                     std::to_string(o.run.seed) + ", " + rnn::batching_name(o.run.batching) + " batches, " +
                     std::to_string(o.num_threads) + " thread" + (o.num_threads == 1 ? "" : "s");
  if (run.ranks > 1) line += ", " + std::to_string(run.ranks) + " MPI ranks (data parallel)";
  return line;
}

}  // namespace stochos::jobs
