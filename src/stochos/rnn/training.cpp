// SPDX-License-Identifier: GPL-3.0-or-later
// The training loop on LibTorch: Magenta's loss, metrics, TF-style Adam and per-variable
// gradient clipping, checkpoints every N steps, and resumption.
#include "stochos/rnn/training.h"

#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "stochos/core/error.h"
#include "stochos/core/progress.h"
#include "stochos/core/random.h"
#include "stochos/melody/sequence_example.h"
#include "stochos/rnn/detail/batch_order.h"
#include "stochos/rnn/detail/run_files.h"
#include "stochos/rnn/detail/torch_model.h"
#include "stochos/tfio/checkpoint.h"
#include "stochos/tfio/generator_bundle.h"

namespace stochos::rnn {
namespace {

// The threads of LibTorch and its BLAS, and a heap that keeps its pages: every step
// allocates and frees tensors of tens of megabytes (batches, logits, autograd temporaries)
// whose sizes change from batch to batch, and glibc's defaults hand each back to the system
// (mmap above 32 MB, trimming above 128 KB) and fault it in again on the next step: a third
// of the time of a bucketed batch-128 step went to the kernel. Process-wide, as training
// owns its process (stochos-train; Python's stochos.train keeps the setting).
void configure_training_process(int num_threads) {
  at::set_num_threads(std::max(1, num_threads));
  // OpenBLAS (Debian's libopenblas0-pthread, LibTorch's BLAS, loaded by libtorch_cpu) starts
  // one thread per core whatever at::set_num_threads says; pin it too. Looked up at run
  // time: a LibTorch on another BLAS has no such function.
  using SetThreads = void (*)(int);
  if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
    set(std::max(1, num_threads));
  }
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);  // glibc's largest; fixed, not adaptive
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
  mallopt(M_TOP_PAD, 64 * 1024 * 1024);
#endif
}

std::atomic<bool> g_interrupted{false};
extern "C" void on_interrupt(int) { g_interrupted = true; }

// TensorFlow's AdamOptimizer defaults (tf.train.AdamOptimizer).
constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kEpsilon = 1e-8;

// A padded batch as magenta.common.get_padded_batch builds it.
struct Batch {
  torch::Tensor inputs;  // [batch, time, input]
  torch::Tensor labels;  // [batch, time] int64
  torch::Tensor mask;    // [batch, time] bool
};

Batch make_batch(const std::vector<melody::EncodedSequence>& data, const std::vector<std::size_t>& indices,
                 int input_size, std::size_t min_steps = 0) {
  std::size_t longest = min_steps;
  for (std::size_t i : indices) longest = std::max(longest, data[i].steps());
  const auto b = static_cast<std::int64_t>(indices.size()), t = static_cast<std::int64_t>(longest);
  Batch batch;
  batch.inputs = torch::zeros({b, t, input_size});
  batch.labels = torch::zeros({b, t}, torch::kInt64);
  batch.mask = torch::zeros({b, t}, torch::kBool);
  float* in = batch.inputs.data_ptr<float>();
  std::int64_t* labels = batch.labels.data_ptr<std::int64_t>();
  bool* mask = batch.mask.data_ptr<bool>();
  for (std::size_t r = 0; r < indices.size(); ++r) {
    const auto& s = data[indices[r]];
    std::copy(s.inputs.begin(), s.inputs.end(), in + static_cast<std::size_t>(r * longest * input_size));
    std::copy(s.labels.begin(), s.labels.end(), labels + r * longest);
    std::fill(mask + r * longest, mask + r * longest + s.steps(), true);
  }
  return batch;
}

// Loss and metrics of a forward pass (events_rnn_graph.py's train-mode summaries).
// `global_steps` > 0: the batch is one rank's slice, and its loss is its share of the global
// batch's mean (sum / global steps), so the ranks' gradients add up to the global one.
torch::Tensor loss_and_metrics(const torch::Tensor& logits, const Batch& batch, int no_event_label, MetricSums& sums,
                               std::int64_t global_steps = 0) {
  const std::int64_t classes = logits.size(2);
  const torch::Tensor flat_mask = batch.mask.reshape({-1});
  const torch::Tensor flat_logits = logits.reshape({-1, classes}).index({flat_mask});
  const torch::Tensor flat_labels = batch.labels.reshape({-1}).index({flat_mask});
  const torch::Tensor losses = torch::nn::functional::cross_entropy(
      flat_logits, flat_labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
  const torch::Tensor loss = global_steps > 0 ? losses.sum() / static_cast<double>(global_steps) : losses.mean();
  torch::NoGradGuard no_grad;
  const torch::Tensor correct = flat_logits.argmax(1).eq(flat_labels);
  const torch::Tensor events = flat_labels.ne(no_event_label);
  sums.nll += losses.sum().item<double>();
  sums.steps += flat_labels.size(0);
  sums.correct += correct.sum().item<std::int64_t>();
  sums.event_steps += events.sum().item<std::int64_t>();
  sums.event_correct += correct.logical_and(events).sum().item<std::int64_t>();
  sums.no_event_steps += events.logical_not().sum().item<std::int64_t>();
  sums.no_event_correct += correct.logical_and(events.logical_not()).sum().item<std::int64_t>();
  sums.sequences += batch.inputs.size(0);
  return loss;
}

// TensorFlow's Adam with its slots under Magenta's names (<var>/Adam, <var>/Adam_1,
// beta1_power, beta2_power), so checkpoints carry the optimizer state both ways. The slots
// are flat buffers laid out like the model's flat parameters, and a step is one loop over
// them (no per-variable tensor ops and temporaries).
class TfAdam {
 public:
  TfAdam(detail::TorchMelodyRnn& model, double learning_rate)
      : model_(model),
        m_(static_cast<std::size_t>(model.flat_parameters().numel()), 0.0f),
        v_(m_.size(), 0.0f),
        learning_rate_(learning_rate) {}

  void restore(const tfio::Checkpoint& checkpoint) {
    for (const auto& slot : model_.slots()) {
      const tfio::Tensor* m = checkpoint.find(slot.name + "/Adam");
      const tfio::Tensor* v = checkpoint.find(slot.name + "/Adam_1");
      if (!m || !v) continue;  // a checkpoint without slots starts them at zero
      if (static_cast<std::int64_t>(m->floats.size()) != slot.numel ||
          static_cast<std::int64_t>(v->floats.size()) != slot.numel) {
        throw Error::input(checkpoint.source, {}, "Adam slots of " + slot.name + " do not match the variable's size");
      }
      std::copy(m->floats.begin(), m->floats.end(), m_.begin() + slot.offset);
      std::copy(v->floats.begin(), v->floats.end(), v_.begin() + slot.offset);
    }
    if (const tfio::Tensor* b1 = checkpoint.find("beta1_power"); b1 && !b1->floats.empty()) beta1_power_ = b1->floats[0];
    if (const tfio::Tensor* b2 = checkpoint.find("beta2_power"); b2 && !b2->floats.empty()) beta2_power_ = b2->floats[0];
  }

  void save(tfio::Checkpoint& checkpoint) const {
    auto put = [&](const std::string& name, const std::vector<float>& flat, const detail::TorchMelodyRnn::Slot& slot) {
      tfio::Tensor out;
      out.shape = model_.parameters().at(slot.name).sizes().vec();
      out.floats.assign(flat.begin() + slot.offset, flat.begin() + slot.offset + slot.numel);
      checkpoint.tensors[name] = std::move(out);
    };
    for (const auto& slot : model_.slots()) {
      put(slot.name + "/Adam", m_, slot);
      put(slot.name + "/Adam_1", v_, slot);
    }
    auto scalar = [&](const char* name, float value) {
      tfio::Tensor t;
      t.floats = {value};
      checkpoint.tensors[name] = t;
    };
    scalar("beta1_power", beta1_power_);
    scalar("beta2_power", beta2_power_);
  }

  void step() {
    // m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lr_t m / (sqrt(v) + eps), in
    // float as LibTorch's kernels computed it per variable.
    const auto lr_t = static_cast<float>(learning_rate_ * std::sqrt(1.0 - beta2_power_) / (1.0 - beta1_power_));
    const auto b1 = static_cast<float>(kBeta1), c1 = static_cast<float>(1.0 - kBeta1);
    const auto b2 = static_cast<float>(kBeta2), c2 = static_cast<float>(1.0 - kBeta2);
    const auto eps = static_cast<float>(kEpsilon);
    float* p = model_.flat_parameters().data_ptr<float>();
    const float* g = model_.flat_gradients().data_ptr<float>();
    float* m = m_.data();
    float* v = v_.data();
    const std::size_t n = m_.size();
    // One plain loop: GCC vectorises it (rnn/CMakeLists.txt builds this module with
    // -fno-math-errno, so std::sqrt is one instruction); sqrt and division are correctly
    // rounded either way, so vectorising changes no bit.
    for (std::size_t i = 0; i < n; ++i) {
      m[i] = m[i] * b1 + g[i] * c1;
      v[i] = v[i] * b2 + (g[i] * g[i]) * c2;
      p[i] -= (lr_t * m[i]) / (std::sqrt(v[i]) + eps);
    }
    beta1_power_ = static_cast<float>(beta1_power_ * kBeta1);
    beta2_power_ = static_cast<float>(beta2_power_ * kBeta2);
  }

 private:
  detail::TorchMelodyRnn& model_;
  std::vector<float> m_, v_;
  double learning_rate_;
  float beta1_power_ = static_cast<float>(kBeta1), beta2_power_ = static_cast<float>(kBeta2);
};

// tf_slim create_train_op(clip_gradient_norm): each gradient clipped to the norm alone.
void clip_each_gradient(detail::TorchMelodyRnn& model, double clip_norm) {
  if (clip_norm <= 0) return;
  float* flat = model.flat_gradients().data_ptr<float>();
  for (const auto& slot : model.slots()) {
    float* g = flat + slot.offset;
    // Eight partial sums (in double) so the loop pipelines; a fixed order, so deterministic.
    double partial[8] = {};
    std::int64_t i = 0;
    for (; i + 8 <= slot.numel; i += 8) {
      for (int l = 0; l < 8; ++l) partial[l] += static_cast<double>(g[i + l]) * g[i + l];
    }
    for (; i < slot.numel; ++i) partial[0] += static_cast<double>(g[i]) * g[i];
    double sum = 0;
    for (double s : partial) sum += s;
    const double norm = std::sqrt(sum);
    if (norm > clip_norm) {
      const auto scale = static_cast<float>(clip_norm / norm);
      for (std::int64_t k = 0; k < slot.numel; ++k) g[k] *= scale;
    }
  }
}

// Data parallel: sums every gradient over the ranks (the flat gradient buffer, parameters
// in name order), and the metric sums and interrupt flags with them. Returns true if any
// rank was interrupted.
bool allreduce_step(detail::TorchMelodyRnn& model, MetricSums& sums, bool interrupted, const DataParallel& dp) {
  torch::Tensor& flat = model.flat_gradients();
  dp.allreduce_floats(flat.data_ptr<float>(), static_cast<std::size_t>(flat.numel()));
  double values[9] = {sums.nll,
                      static_cast<double>(sums.steps),
                      static_cast<double>(sums.correct),
                      static_cast<double>(sums.event_steps),
                      static_cast<double>(sums.event_correct),
                      static_cast<double>(sums.no_event_steps),
                      static_cast<double>(sums.no_event_correct),
                      static_cast<double>(sums.sequences),
                      interrupted ? 1.0 : 0.0};
  dp.allreduce_doubles(values, 9);
  sums.nll = values[0];
  sums.steps = static_cast<std::int64_t>(values[1]);
  sums.correct = static_cast<std::int64_t>(values[2]);
  sums.event_steps = static_cast<std::int64_t>(values[3]);
  sums.event_correct = static_cast<std::int64_t>(values[4]);
  sums.no_event_steps = static_cast<std::int64_t>(values[5]);
  sums.no_event_correct = static_cast<std::int64_t>(values[6]);
  sums.sequences = static_cast<std::int64_t>(values[7]);
  return values[8] > 0;
}

MelodyRnnWeights starting_weights(const TrainOptions& options) {
  const auto& config = options.run.config;
  if (!options.init_from) return initial_weights(config, options.run.seed);
  const tfio::Checkpoint checkpoint = tfio::read_checkpoint(*options.init_from);
  MelodyRnnWeights w = weights_from_checkpoint(checkpoint, config, /*infer_layer_sizes=*/false);
  w.global_step = 0;
  return w;
}

}  // namespace

std::vector<float> training_model_logits(const MelodyRnnWeights& weights, const melody::EncodedSequence& sequence) {
  torch::NoGradGuard no_grad;
  detail::TorchMelodyRnn model(weights);
  const auto steps = static_cast<std::int64_t>(sequence.steps());
  const torch::Tensor inputs =
      torch::from_blob(const_cast<float*>(sequence.inputs.data()), {1, steps, sequence.input_size}, torch::kFloat32);
  const torch::Tensor logits = model.forward(inputs).contiguous();
  return std::vector<float>(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
}

TrainResult train_melody_rnn(const TrainOptions& options) {
  const auto start_time = std::chrono::steady_clock::now();
  configure_training_process(options.num_threads);
  const auto& config = options.run.config;
  const auto encoder = melody::make_encoder_decoder(config);
  const auto data = read_training_data(options.sequence_example_files, encoder->input_size());
  const auto train_dir = options.run_dir / "train";
  std::filesystem::create_directories(train_dir);

  // Resume from the newest checkpoint of the run, if any.
  TrainResult result;
  const DataParallel& dp = options.data_parallel;
  const bool parallel = dp.ranks > 1;
  const bool writer = dp.rank == 0;  // checkpoints, metrics and plots
  const int batch_size = config.hparams.batch_size;
  std::optional<tfio::Checkpoint> resume;
  if (auto latest = tfio::latest_checkpoint(train_dir)) resume = tfio::read_checkpoint(*latest);
  MelodyRnnWeights weights = resume ? weights_from_checkpoint(*resume, config, false) : starting_weights(options);
  detail::TorchMelodyRnn model(weights);
  TfAdam adam(model, config.hparams.learning_rate);
  std::int64_t step = 0;
  if (resume) {
    adam.restore(*resume);
    step = resume->global_step().value_or(0);
  }
  if (parallel) {
    // Every rank must resume from the same checkpoint (a run dir all ranks see).
    double steps[2] = {static_cast<double>(step), -static_cast<double>(step)};
    dp.allreduce_doubles(steps, 2);
    if (steps[0] != static_cast<double>(step) * dp.ranks || steps[1] != -static_cast<double>(step) * dp.ranks) {
      throw Error::io(train_dir.string(), "the ranks found different checkpoints to resume from (is the run "
                                          "directory on a filesystem every rank sees?)");
    }
  }
  result.start_step = step;
  std::optional<detail::MetricsLog> log;
  if (writer) log.emplace(train_dir / "metrics.csv", step);

  std::vector<std::size_t> lengths(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) lengths[i] = data[i].steps();
  detail::BatchOrder order(lengths, options.run.seed, options.run.batching, batch_size);
  if (parallel && order.smallest_batch() < static_cast<std::size_t>(dp.ranks)) {
    throw Error::usage("batches of " + std::to_string(order.smallest_batch()) + " sequences (batch_size " +
                       std::to_string(batch_size) + ") are fewer than the " + std::to_string(dp.ranks) +
                       " ranks: every rank needs at least one sequence of each batch");
  }
  const int no_event_label = encoder->default_event_label();
  const double keep = config.hparams.dropout_keep_prob;

  auto save = [&](std::int64_t at_step) {
    if (!writer) return;
    MelodyRnnWeights current = model.weights();
    current.global_step = at_step;
    tfio::Checkpoint checkpoint = weights_to_checkpoint(current);
    adam.save(checkpoint);
    detail::save_training_checkpoint(train_dir, checkpoint, at_step, options.keep_checkpoints);
  };

  g_interrupted = false;
  auto previous_handler = std::signal(SIGINT, on_interrupt);
  const std::int64_t total = options.num_training_steps;
  core::ProgressBar bar("train " + config.id, total > 0 ? static_cast<std::uint64_t>(std::max<std::int64_t>(total - step, 0)) : 0,
                        options.show_progress && writer ? core::ProgressBar::Mode::kAuto : core::ProgressBar::Mode::kNever);
  MetricSums window;
  auto window_start = std::chrono::steady_clock::now();
  const auto run_start = window_start;
  std::int64_t window_steps = 0;
  std::uint64_t window_cells = 0;  // batch x longest of the window's batches: the work done
  // Batch logs (stderr not a terminal) get a line every summary_every_steps instead of a bar.
  const bool log_lines = options.show_progress && writer && !bar.enabled();
  const std::int64_t first_step = step;
  bool interrupted = false;
  while ((total == 0 || step < total) && !interrupted) {
    const std::vector<std::size_t> global = order.batch(step);
    std::size_t global_longest = 0;
    for (std::size_t i : global) global_longest = std::max(global_longest, data[i].steps());
    window_cells += global_longest * global.size();
    at::Generator dropout = at::detail::createCPUGenerator(core::derive_seed(options.run.seed, "rnn/dropout/" + std::to_string(step)));
    model.zero_grad();
    MetricSums sums;
    if (parallel) {
      // Our rows, padded to the global batch's length (the dropout masks have its shape);
      // the loss is our share of the global mean.
      // This rank's rows of the global batch.
      std::int64_t global_steps = 0;
      for (std::size_t i : global) global_steps += static_cast<std::int64_t>(data[i].steps());
      const std::size_t ranks = static_cast<std::size_t>(dp.ranks), rank = static_cast<std::size_t>(dp.rank);
      const std::size_t first_row = global.size() * rank / ranks,
                        end_row = global.size() * (rank + 1) / ranks;
      model.set_dropout_rows(static_cast<std::int64_t>(global.size()), static_cast<std::int64_t>(first_row));
      const std::vector<std::size_t> rows(global.begin() + static_cast<std::ptrdiff_t>(first_row),
                                          global.begin() + static_cast<std::ptrdiff_t>(end_row));
      const Batch batch = make_batch(data, rows, encoder->input_size(), global_longest);
      const torch::Tensor logits = model.forward(batch.inputs, keep, &dropout);
      loss_and_metrics(logits, batch, no_event_label, sums, global_steps).backward();
      interrupted = allreduce_step(model, sums, g_interrupted, dp);
    } else {
      const Batch batch = make_batch(data, global, encoder->input_size());
      const torch::Tensor logits = model.forward(batch.inputs, keep, &dropout);
      torch::Tensor loss = loss_and_metrics(logits, batch, no_event_label, sums);
      loss.backward();
    }
    clip_each_gradient(model, config.hparams.clip_norm);
    adam.step();
    ++step;
    if (!parallel) interrupted = g_interrupted;
    window.add(sums);
    ++window_steps;
    bar.advance();
    if (step % options.summary_every_steps == 0 || step == total) {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - window_start).count();
      const MelodyRnnMetrics m = window.metrics();
      if (log) log->append(step, m, window_steps / std::max(seconds, 1e-9));
      result.last_metrics = m;
      bar.set_status("loss " + detail::fixed(m.loss, 3) + " acc " + detail::fixed(m.accuracy, 3));
      if (log_lines) {
        const double rate = window_steps / std::max(seconds, 1e-9);
        const double padding =
            window_cells > 0 ? 1.0 - static_cast<double>(window.steps) / window_cells : 0.0;
        std::string eta;
        if (total > 0) {
          // Time left from the run's average rate (epochs mix short and long batches).
          const double elapsed =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count();
          eta = ", " +
                core::format_seconds((total - step) * elapsed / std::max<double>(1, step - first_step)) +
                " left";
        }
        std::fprintf(stderr,
                     "train %s step %lld%s: loss %.4f accuracy %.4f, %.2f steps/s, %.1f sequences/s, "
                     "padding %.0f%%, epoch %.2f%s\n",
                     config.id.c_str(), static_cast<long long>(step),
                     total > 0 ? ("/" + std::to_string(total)).c_str() : "", m.loss, m.accuracy, rate,
                     window.sequences / std::max(seconds, 1e-9), 100 * padding,
                     static_cast<double>(step) / static_cast<double>(order.batches_per_epoch()), eta.c_str());
        std::fflush(stderr);
      }
      window = MetricSums();
      window_steps = 0;
      window_cells = 0;
      window_start = std::chrono::steady_clock::now();
    }
    if (step % options.checkpoint_every_steps == 0) save(step);
  }
  if (step % options.checkpoint_every_steps != 0 && step > result.start_step) save(step);
  if (interrupted) bar.set_status("interrupted; checkpoint saved");
  bar.finish();
  std::signal(SIGINT, previous_handler);
  if (writer) detail::draw_metrics_png(options.run_dir);
  result.final_step = step;
  result.interrupted = interrupted;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
  return result;
}

double benchmark_training_step(const melody::MelodyRnnConfig& config, int batch_size, int steps, int repeats,
                               int num_threads) {
  configure_training_process(num_threads);
  const auto encoder = melody::make_encoder_decoder(config);
  detail::TorchMelodyRnn model(initial_weights(config, 1));
  TfAdam adam(model, config.hparams.learning_rate);
  core::Rng rng(3);
  std::vector<melody::EncodedSequence> data(static_cast<std::size_t>(batch_size));
  std::vector<std::size_t> indices;
  for (std::size_t i = 0; i < data.size(); ++i) {
    data[i].input_size = encoder->input_size();
    data[i].inputs.assign(static_cast<std::size_t>(steps * encoder->input_size()), 0.0f);
    for (int t = 0; t < steps; ++t) {
      data[i].inputs[static_cast<std::size_t>(t * encoder->input_size()) + rng.below(static_cast<std::uint64_t>(encoder->input_size()))] = 1.0f;
      data[i].labels.push_back(static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(encoder->num_classes()))));
    }
    indices.push_back(i);
  }
  const Batch batch = make_batch(data, indices, encoder->input_size());
  std::vector<double> times;
  for (int r = 0; r < repeats + 1; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    at::Generator dropout = at::detail::createCPUGenerator(static_cast<std::uint64_t>(r));
    model.zero_grad();
    MetricSums sums;
    torch::Tensor loss = loss_and_metrics(model.forward(batch.inputs, config.hparams.dropout_keep_prob, &dropout), batch,
                                          encoder->default_event_label(), sums);
    loss.backward();
    clip_each_gradient(model, config.hparams.clip_norm);
    adam.step();
    if (r > 0) times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace stochos::rnn
