// SPDX-License-Identifier: GPL-3.0-or-later
// stochos._train: `stochos melody train` (LibTorch). Imported by stochos.train() only.
// Ctrl-C: training installs its own SIGINT handler for its duration, which saves a checkpoint
// and stops at the end of the current step; the call then returns normally with
// interrupted=True (rerunning resumes to the same weights as an uninterrupted run).
#include "common.h"
#include "stochos/jobs/train_job.h"
#include "stochos/melody/melody_rnn_config.h"
#include "stochos/rnn/training.h"

namespace stochos::python {
namespace {

using namespace py::literals;

py::dict train(const std::filesystem::path& run_dir,
               std::vector<std::filesystem::path> sequence_example_files, const std::string& config,
               const std::string& hparams, std::optional<std::uint64_t> seed, std::int64_t num_training_steps,
               std::int64_t checkpoint_every_steps, std::int64_t summary_every_steps,
               std::optional<std::filesystem::path> init_from, int num_threads, bool show_progress,
               const std::string& batching) {
  if (sequence_example_files.empty()) throw Error::usage("sequence_example_files is empty");
  // The run directory remembers its config, hparams, seed and batching (as `stochos melody train`).
  jobs::TrainJobOptions options;
  options.run_dir = run_dir;
  options.sequence_example_files = std::move(sequence_example_files);
  options.request = {config, hparams, seed, batching};
  options.num_training_steps = num_training_steps;
  options.checkpoint_every_steps = checkpoint_every_steps;
  options.summary_every_steps = summary_every_steps;
  options.init_from = init_from;
  options.num_threads = num_threads;
  options.show_progress = show_progress;
  const jobs::OpenedTrainingRun run = jobs::open_training_run(options);
  const rnn::TrainResult r = run_interruptible([&] { return rnn::train_melody_rnn(run.options); });
  py::object metrics = py::none();
  if (r.last_metrics) {
    const auto& m = *r.last_metrics;
    metrics = py::dict("loss"_a = m.loss, "perplexity"_a = m.perplexity, "accuracy"_a = m.accuracy,
                       "event_accuracy"_a = m.event_accuracy, "no_event_accuracy"_a = m.no_event_accuracy);
  }
  return py::dict("start_step"_a = r.start_step, "final_step"_a = r.final_step, "metrics"_a = metrics,
                  "seconds"_a = r.seconds, "interrupted"_a = r.interrupted);
}

}  // namespace
}  // namespace stochos::python

PYBIND11_MODULE(_train, m) {
  namespace sp = stochos::python;
  using namespace pybind11::literals;
  m.doc() = "stochos Melody RNN training (LibTorch); use stochos.train()";
  sp::register_error_translator();
  m.def("train", &sp::train, "run_dir"_a, "sequence_example_files"_a, "config"_a = "", "hparams"_a = "",
        "seed"_a = pybind11::none(), "num_training_steps"_a = 0, "checkpoint_every_steps"_a = 100,
        "summary_every_steps"_a = 10, "init_from"_a = pybind11::none(), "num_threads"_a = 1,
        "show_progress"_a = false, "batching"_a = "");
}
