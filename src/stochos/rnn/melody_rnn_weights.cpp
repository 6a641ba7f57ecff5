// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/melody_rnn_weights.h"

#include <cmath>
#include <map>

#include "stochos/core/error.h"
#include "stochos/core/random.h"

namespace stochos::rnn {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// The TF >= 1.0 spelling of a variable name from any era (TF's checkpoint_convert.py
// renames, plus the LSTMCell variant of 2016 and leading model scopes).
std::string canonical_name(std::string name) {
  replace_all(name, "RNN/MultiRNNCell/Cell", "rnn/multi_rnn_cell/cell_");
  replace_all(name, "MultiRNNCell/Cell", "multi_rnn_cell/cell_");
  replace_all(name, "BasicLSTMCell/Linear/Matrix", "basic_lstm_cell/kernel");
  replace_all(name, "BasicLSTMCell/Linear/Bias", "basic_lstm_cell/bias");
  replace_all(name, "LSTMCell/W_0", "basic_lstm_cell/kernel");
  replace_all(name, "LSTMCell/B", "basic_lstm_cell/bias");
  replace_all(name, "AttentionCellWrapper", "attention_cell_wrapper");
  replace_all(name, "AttnOutputProjection", "attn_output_projection");
  replace_all(name, "attention_output_projection", "attn_output_projection");
  replace_all(name, "/Attention/", "/attention/");
  replace_all(name, "/Linear/Matrix", "/kernel");
  replace_all(name, "/Linear/Bias", "/bias");
  replace_all(name, "RNN/", "rnn/");
  if (!ends_with(name, "fully_connected/weights") && !ends_with(name, "fully_connected/biases")) {
    if (ends_with(name, "/weights")) name = name.substr(0, name.size() - 8) + "/kernel";
    if (ends_with(name, "/biases")) name = name.substr(0, name.size() - 7) + "/bias";
  }
  if (ends_with(name, "fully_connected/bias")) name += "es";
  if (ends_with(name, "fully_connected/kernel")) name = name.substr(0, name.size() - 6) + "weights";
  // A leading model scope (rl_tuner's `rnn_model/`) sits above `rnn/` or `fully_connected/`.
  for (std::string_view root : {"rnn/", "fully_connected/", "global_step"}) {
    const std::size_t at = name.find(root);
    if (at != std::string::npos && at > 0 && name[at - 1] == '/') return name.substr(at);
  }
  return name;
}

bool is_optimizer_slot(std::string_view name) {
  for (std::string_view slot : {"/Adam", "/Adam_1", "/Adagrad", "/Momentum", "/RMSProp", "/RMSProp_1"}) {
    if (ends_with(name, slot)) return true;
  }
  return name == "beta1_power" || name == "beta2_power";
}

// The model's variables by canonical name, pointing at the checkpoint's tensors.
class VariableView {
 public:
  explicit VariableView(const tfio::Checkpoint& checkpoint) : checkpoint_(checkpoint) {
    for (const auto& [name, tensor] : checkpoint.tensors) {
      if (is_optimizer_slot(name)) continue;
      const std::string canon = canonical_name(name);
      by_canonical_.emplace(canon, Entry{name, &tensor});
    }
  }

  const tfio::Tensor* find(const std::string& canonical) const {
    auto it = by_canonical_.find(canonical);
    return it == by_canonical_.end() ? nullptr : it->second.tensor;
  }

  bool has_prefix(const std::string& prefix) const {
    auto it = by_canonical_.lower_bound(prefix);
    return it != by_canonical_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
  }

  // The float values of a variable of the given shape, or Error naming it.
  std::vector<float> floats(const std::string& canonical, std::vector<std::int64_t> shape) const {
    auto it = by_canonical_.find(canonical);
    if (it == by_canonical_.end()) {
      throw Error::input(checkpoint_.source, {}, "no variable '" + canonical + "' (needed by this model)");
    }
    const tfio::Tensor& t = *it->second.tensor;
    if (t.dtype != tfio::DataType::kFloat) {
      throw Error::input(checkpoint_.source, {}, "variable '" + it->second.original + "' is " +
                                                     std::string(tfio::data_type_name(t.dtype)) + ", not float");
    }
    if (t.shape != shape) {
      tfio::Tensor expected;
      expected.shape = shape;
      throw Error::input(checkpoint_.source, {}, "variable '" + it->second.original + "' has shape " + t.shape_string() +
                                                     ", the model needs " + expected.shape_string());
    }
    // A valid CRC does not make a weight finite: one NaN would surface steps later as an
    // unlocated "probabilities sum to nan", so refuse it here, naming the variable.
    for (std::size_t k = 0; k < t.floats.size(); ++k) {
      if (!std::isfinite(t.floats[k])) {
        ErrorLocation where;
        where.context = "variable '" + it->second.original + "'";
        throw Error::input(checkpoint_.source, where,
                           std::string("element ") + std::to_string(k) + " of " + t.shape_string() + " is " +
                               (std::isnan(t.floats[k]) ? "NaN" : "infinite") + "; the weights are damaged");
      }
    }
    return t.floats;
  }

  const std::string& source() const { return checkpoint_.source; }

 private:
  struct Entry {
    std::string original;
    const tfio::Tensor* tensor;
  };
  const tfio::Checkpoint& checkpoint_;
  std::map<std::string, Entry> by_canonical_;
};

LinearWeights linear(const VariableView& v, const std::string& scope, int inputs, int outputs,
                     const char* kernel = "kernel", const char* bias = "bias") {
  LinearWeights w;
  w.inputs = inputs;
  w.outputs = outputs;
  w.kernel = v.floats(scope + kernel, {inputs, outputs});
  w.bias = v.floats(scope + bias, {outputs});
  return w;
}

LstmWeights lstm(const VariableView& v, const std::string& scope, int input_size, int units) {
  LstmWeights w;
  w.input_size = input_size;
  w.units = units;
  w.kernel = v.floats(scope + "basic_lstm_cell/kernel", {input_size + units, 4 * units});
  w.bias = v.floats(scope + "basic_lstm_cell/bias", {4 * units});
  return w;
}

std::string shape_text(const std::vector<int>& sizes) {
  std::string out = "[";
  for (int s : sizes) out += (out.size() > 1 ? "," : "") + std::to_string(s);
  return out + "]";
}

}  // namespace

std::string lstm_scope(AttentionLayout layout, std::size_t k) {
  const std::string cell = "cell_" + std::to_string(k) + "/";
  switch (layout) {
    case AttentionLayout::kNone:
      break;
    case AttentionLayout::kFirstLayer:
      if (k == 0) return "rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/";
      break;
    case AttentionLayout::kWholeStack:
      return "rnn/attention_cell_wrapper/multi_rnn_cell/" + cell;
  }
  return "rnn/multi_rnn_cell/" + cell;
}

std::string attention_scope(AttentionLayout layout) {
  return layout == AttentionLayout::kWholeStack ? "rnn/attention_cell_wrapper/"
                                                : "rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/";
}

std::vector<int> MelodyRnnWeights::layer_sizes() const {
  std::vector<int> sizes;
  for (const auto& l : layers) sizes.push_back(l.units);
  return sizes;
}

std::int64_t MelodyRnnWeights::multiply_adds_per_step() const {
  std::int64_t total = 0;
  for (const auto& l : layers) total += std::int64_t{l.input_size + l.units} * 4 * l.units;
  if (attention_layout != AttentionLayout::kNone) {
    const auto& a = attention;
    total += std::int64_t{a.input_projection.inputs} * a.input_projection.outputs;
    total += std::int64_t{a.query.inputs} * a.query.outputs;
    total += std::int64_t{a.attn_length} * a.attn_size * a.attn_size * 2;
    total += std::int64_t{a.output_projection.inputs} * a.output_projection.outputs;
  }
  total += std::int64_t{output.inputs} * output.outputs;
  return total;
}

std::optional<std::vector<int>> checkpoint_layer_sizes(const tfio::Checkpoint& checkpoint) {
  VariableView v(checkpoint);
  std::vector<int> sizes;
  for (int k = 0;; ++k) {
    const std::string cell = "cell_" + std::to_string(k) + "/";
    const tfio::Tensor* bias = nullptr;
    for (const std::string& scope :
         {"rnn/multi_rnn_cell/" + cell, "rnn/multi_rnn_cell/" + cell + "attention_cell_wrapper/",
          "rnn/attention_cell_wrapper/multi_rnn_cell/" + cell}) {
      if ((bias = v.find(scope + "basic_lstm_cell/bias"))) break;
    }
    if (!bias || bias->shape.size() != 1 || bias->shape[0] % 4 != 0) break;
    sizes.push_back(static_cast<int>(bias->shape[0] / 4));
  }
  if (sizes.empty()) return std::nullopt;
  return sizes;
}

MelodyRnnWeights weights_from_checkpoint(const tfio::Checkpoint& checkpoint, const melody::MelodyRnnConfig& config,
                                         bool infer_layer_sizes) {
  const VariableView v(checkpoint);
  const auto encoder = melody::make_encoder_decoder(config);
  MelodyRnnWeights w;
  w.input_size = encoder->input_size();
  w.num_classes = encoder->num_classes();
  w.global_step = checkpoint.global_step().value_or(0);

  const auto found = checkpoint_layer_sizes(checkpoint);
  if (!found) throw Error::input(checkpoint.source, {}, "no LSTM variables (rnn/multi_rnn_cell/cell_0/...) found");
  const std::vector<int>& sizes = *found;
  if (!infer_layer_sizes && sizes != config.hparams.rnn_layer_sizes) {
    throw Error::input(checkpoint.source, {}, "the checkpoint's layers are " + shape_text(sizes) +
                                                  ", the hparams say rnn_layer_sizes=" +
                                                  shape_text(config.hparams.rnn_layer_sizes));
  }

  if (v.has_prefix("rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/")) {
    w.attention_layout = AttentionLayout::kFirstLayer;
  } else if (v.has_prefix("rnn/attention_cell_wrapper/")) {
    w.attention_layout = AttentionLayout::kWholeStack;
  }
  const bool wants_attention = config.hparams.attn_length > 0;
  if (wants_attention != (w.attention_layout != AttentionLayout::kNone)) {
    throw Error::input(checkpoint.source, {},
                       std::string(wants_attention ? "config " + config.id + " needs attention variables "
                                                                             "(attention_cell_wrapper/...), the "
                                                                             "checkpoint has none"
                                                   : "the checkpoint has attention variables; use "
                                                     "--config attention_rnn (or attn_length > 0)"));
  }

  for (std::size_t k = 0; k < sizes.size(); ++k) {
    const int in = k == 0 ? w.input_size : sizes[k - 1];
    w.layers.push_back(lstm(v, lstm_scope(w.attention_layout, k), in, sizes[k]));
  }

  if (w.attention_layout != AttentionLayout::kNone) {
    const bool first = w.attention_layout == AttentionLayout::kFirstLayer;
    const std::string scope = attention_scope(w.attention_layout);
    AttentionWeights& a = w.attention;
    a.attn_length = config.hparams.attn_length;
    a.attn_size = first ? sizes.front() : sizes.back();
    int query_size = 0;
    for (std::size_t k = 0; k < (first ? 1 : sizes.size()); ++k) query_size += 2 * sizes[k];
    a.input_projection = linear(v, scope, w.input_size + a.attn_size, w.input_size);
    a.query = linear(v, scope + "attention/", query_size, a.attn_size);
    a.attn_w = v.floats(scope + "attention/attn_w", {1, 1, a.attn_size, a.attn_size});
    a.attn_v = v.floats(scope + "attention/attn_v", {a.attn_size});
    a.output_projection = linear(v, scope + "attn_output_projection/", 2 * a.attn_size, a.attn_size);
  }
  w.output = linear(v, "fully_connected/", sizes.back(), w.num_classes, "weights", "biases");
  return w;
}

namespace {

void put(tfio::Checkpoint& c, const std::string& name, std::vector<std::int64_t> shape, std::vector<float> values) {
  tfio::Tensor t;
  t.dtype = tfio::DataType::kFloat;
  t.shape = std::move(shape);
  t.floats = std::move(values);
  c.tensors[name] = std::move(t);
}

void put_linear(tfio::Checkpoint& c, const std::string& scope, const LinearWeights& l, const char* kernel = "kernel",
                const char* bias = "bias") {
  put(c, scope + kernel, {l.inputs, l.outputs}, l.kernel);
  put(c, scope + bias, {l.outputs}, l.bias);
}

}  // namespace

tfio::Checkpoint weights_to_checkpoint(const MelodyRnnWeights& w) {
  tfio::Checkpoint c;
  c.source = "model";
  for (std::size_t k = 0; k < w.layers.size(); ++k) {
    const std::string scope = lstm_scope(w.attention_layout, k);
    const LstmWeights& l = w.layers[k];
    put(c, scope + "basic_lstm_cell/kernel", {l.input_size + l.units, 4 * l.units}, l.kernel);
    put(c, scope + "basic_lstm_cell/bias", {4 * l.units}, l.bias);
  }
  if (w.attention_layout != AttentionLayout::kNone) {
    const std::string scope = attention_scope(w.attention_layout);
    const AttentionWeights& a = w.attention;
    put_linear(c, scope, a.input_projection);
    put_linear(c, scope + "attention/", a.query);
    put(c, scope + "attention/attn_w", {1, 1, a.attn_size, a.attn_size}, a.attn_w);
    put(c, scope + "attention/attn_v", {a.attn_size}, a.attn_v);
    put_linear(c, scope + "attn_output_projection/", a.output_projection);
  }
  put_linear(c, "fully_connected/", w.output, "weights", "biases");
  tfio::Tensor step;
  step.dtype = tfio::DataType::kInt64;
  step.ints = {w.global_step};
  c.tensors["global_step"] = step;
  return c;
}

namespace {

// tf.glorot_uniform_initializer: U(-l, l), l = sqrt(6 / (fan_in + fan_out)).
std::vector<float> glorot(core::Rng& rng, std::int64_t fan_in, std::int64_t fan_out, std::int64_t count) {
  const double limit = std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
  std::vector<float> out(static_cast<std::size_t>(count));
  for (float& x : out) x = static_cast<float>((2 * rng.uniform01() - 1) * limit);
  return out;
}

LinearWeights fresh_linear(core::Rng& rng, int inputs, int outputs) {
  LinearWeights l;
  l.inputs = inputs;
  l.outputs = outputs;
  l.kernel = glorot(rng, inputs, outputs, std::int64_t{inputs} * outputs);
  l.bias.assign(static_cast<std::size_t>(outputs), 0.0f);
  return l;
}

}  // namespace

MelodyRnnWeights initial_weights(const melody::MelodyRnnConfig& config, std::uint64_t seed) {
  const auto encoder = melody::make_encoder_decoder(config);
  const auto& sizes = config.hparams.rnn_layer_sizes;
  if (sizes.empty()) throw Error::usage("rnn_layer_sizes needs at least one layer");
  MelodyRnnWeights w;
  w.input_size = encoder->input_size();
  w.num_classes = encoder->num_classes();
  core::Rng root(core::derive_seed(seed, "rnn/init"));
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    core::Rng rng = root.stream("cell_" + std::to_string(k));
    LstmWeights l;
    l.input_size = k == 0 ? w.input_size : sizes[k - 1];
    l.units = sizes[k];
    l.kernel = glorot(rng, l.input_size + l.units, 4 * l.units, std::int64_t{l.input_size + l.units} * 4 * l.units);
    l.bias.assign(static_cast<std::size_t>(4 * l.units), 0.0f);
    w.layers.push_back(std::move(l));
  }
  if (config.hparams.attn_length > 0) {
    w.attention_layout = AttentionLayout::kFirstLayer;  // Magenta's graph since May 2017
    core::Rng rng = root.stream("attention");
    AttentionWeights& a = w.attention;
    a.attn_length = config.hparams.attn_length;
    a.attn_size = sizes.front();
    a.input_projection = fresh_linear(rng, w.input_size + a.attn_size, w.input_size);
    a.query = fresh_linear(rng, 2 * a.attn_size, a.attn_size);
    a.attn_w = glorot(rng, a.attn_size, a.attn_size, std::int64_t{a.attn_size} * a.attn_size);
    a.attn_v = glorot(rng, a.attn_size, a.attn_size, a.attn_size);
    a.output_projection = fresh_linear(rng, 2 * a.attn_size, a.attn_size);
  }
  core::Rng rng = root.stream("fully_connected");
  w.output = fresh_linear(rng, sizes.back(), w.num_classes);
  return w;
}

}  // namespace stochos::rnn
