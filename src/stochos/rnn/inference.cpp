// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/inference.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "stochos/core/error.h"
#include "stochos/rnn/detail/activations.h"

namespace stochos::rnn {
namespace {

// out[b] += in[b] · kernel for a batch, kernel [rows, cols] row-major. The kernel row stays
// in cache across the batch, and zero inputs (one-hot encodings are mostly zeros) are
// skipped. The inner loop is a contiguous axpy that GCC vectorises; the AVX2 clone runs
// where the CPU has it. Both give the same bits: each output element sees the same
// multiplies and adds in the same order, and no FMA is enabled, so nothing is contracted.
__attribute__((target_clones("avx2", "default"))) void matmul_accumulate(const float* in, std::size_t batch, std::size_t rows, const float* kernel, std::size_t cols,
                       float* out) {
  for (std::size_t k = 0; k < rows; ++k) {
    const float* row = kernel + k * cols;
    for (std::size_t b = 0; b < batch; ++b) {
      const float v = in[b * rows + k];
      if (v == 0.0f) continue;
      float* o = out + b * cols;
      for (std::size_t j = 0; j < cols; ++j) o[j] += v * row[j];
    }
  }
}

void set_bias(float* out, std::size_t batch, const std::vector<float>& bias) {
  for (std::size_t b = 0; b < batch; ++b) std::copy(bias.begin(), bias.end(), out + b * bias.size());
}

}  // namespace

void softmax_rows(std::span<float> logits, int num_classes, double temperature) {
  const std::size_t n = static_cast<std::size_t>(num_classes);
  for (std::size_t r = 0; r + n <= logits.size(); r += n) {
    float* row = logits.data() + r;
    // TensorFlow divides the logits by the temperature before its softmax.
    const float t = static_cast<float>(temperature);
    for (std::size_t j = 0; j < n; ++j) row[j] /= t;
    const float max = *std::max_element(row, row + n);
    float sum = 0;
    for (std::size_t j = 0; j < n; ++j) sum += (row[j] = std::exp(row[j] - max));
    for (std::size_t j = 0; j < n; ++j) row[j] /= sum;
  }
}

MelodyRnnInference::MelodyRnnInference(MelodyRnnWeights weights) : weights_(std::move(weights)) {
  if (weights_.layers.empty()) throw Error::usage("a melody RNN needs at least one LSTM layer");
  std::size_t offset = 0;
  for (const auto& layer : weights_.layers) {
    layer_offsets_.push_back(offset);
    offset += 2 * static_cast<std::size_t>(layer.units);
  }
  if (weights_.attention_layout != AttentionLayout::kNone) {
    const auto& a = weights_.attention;
    if (a.attn_length <= 0) throw Error::usage("attention needs attn_length > 0");
    const std::size_t block = static_cast<std::size_t>(a.attn_length) * a.attn_size;
    attns_offset_ = offset;
    states_offset_ = attns_offset_ + a.attn_size;
    features_offset_ = states_offset_ + block;
    offset = features_offset_ + block;
  }
  state_size_ = offset;
}

void MelodyRnnInference::reset(std::size_t batch) {
  batch_ = batch;
  state_.assign(batch * state_size_, 0.0f);
}

void MelodyRnnInference::select(std::span<const std::size_t> source) {
  std::vector<float> next(source.size() * state_size_);
  for (std::size_t i = 0; i < source.size(); ++i) {
    if (source[i] >= batch_) throw Error::internal("MelodyRnnInference::select: index out of range");
    std::memcpy(next.data() + i * state_size_, state_.data() + source[i] * state_size_, state_size_ * sizeof(float));
  }
  state_ = std::move(next);
  batch_ = source.size();
}

void MelodyRnnInference::lstm_step(const LstmWeights& layer, std::size_t state_offset, const float* inputs,
                                   std::size_t input_stride, float* outputs) {
  const std::size_t in = static_cast<std::size_t>(layer.input_size);
  const std::size_t units = static_cast<std::size_t>(layer.units);
  const std::size_t rows = in + units;
  concat_.resize(batch_ * rows);
  gates_.resize(batch_ * 4 * units);
  for (std::size_t b = 0; b < batch_; ++b) {
    const float* h = state_.data() + b * state_size_ + state_offset + units;
    std::copy(inputs + b * input_stride, inputs + b * input_stride + in, concat_.data() + b * rows);
    std::copy(h, h + units, concat_.data() + b * rows + in);
  }
  set_bias(gates_.data(), batch_, layer.bias);
  matmul_accumulate(concat_.data(), batch_, rows, layer.kernel.data(), 4 * units, gates_.data());
  for (std::size_t b = 0; b < batch_; ++b) {
    float* g = gates_.data() + b * 4 * units;
    float* c = state_.data() + b * state_size_ + state_offset;
    float* h = c + units;
    // Gate order i, j, f, o; BasicLSTMCell's forget bias of 1.0 is added here.
    for (std::size_t j = 0; j < units; ++j) g[2 * units + j] += 1.0f;
    detail::sigmoid_in_place(g, units);
    detail::tanh_in_place(g + units, units);
    detail::sigmoid_in_place(g + 2 * units, 2 * units);
    for (std::size_t j = 0; j < units; ++j) c[j] = c[j] * g[2 * units + j] + g[j] * g[units + j];
    std::copy(c, c + units, h);
    detail::tanh_in_place(h, units);
    for (std::size_t j = 0; j < units; ++j) h[j] *= g[3 * units + j];
    std::copy(h, h + units, outputs + b * units);
  }
}

void MelodyRnnInference::attention_step(std::size_t query_offset, std::size_t query_size, const float* cell_output,
                                        float* output) {
  const AttentionWeights& a = weights_.attention;
  const std::size_t size = static_cast<std::size_t>(a.attn_size);
  const std::size_t length = static_cast<std::size_t>(a.attn_length);
  scratch_.resize(batch_ * (size + length + 2 * size));
  float* y = scratch_.data();                      // [batch, size]
  float* scores = y + batch_ * size;               // [batch, length]
  float* projection_in = scores + batch_ * length; // [batch, 2 * size]
  // y = Linear(query), the query being the flattened new cell state.
  concat_.resize(batch_ * query_size);
  for (std::size_t b = 0; b < batch_; ++b) {
    const float* q = state_.data() + b * state_size_ + query_offset;
    std::copy(q, q + query_size, concat_.data() + b * query_size);
  }
  set_bias(y, batch_, a.query.bias);
  matmul_accumulate(concat_.data(), batch_, query_size, a.query.kernel.data(), size, y);
  for (std::size_t b = 0; b < batch_; ++b) {
    float* st = state_.data() + b * state_size_;
    const float* hidden = st + states_offset_;
    const float* features = st + features_offset_;
    const float* yb = y + b * size;
    float* s = scores + b * length;
    // s_t = sum_j v_j tanh(features_tj + y_j); a = softmax(s); attns = sum_t a_t hidden_t.
    scratch_tanh_.resize(size);
    for (std::size_t t = 0; t < length; ++t) {
      for (std::size_t j = 0; j < size; ++j) scratch_tanh_[j] = features[t * size + j] + yb[j];
      detail::tanh_in_place(scratch_tanh_.data(), size);
      float sum = 0;
      for (std::size_t j = 0; j < size; ++j) sum += a.attn_v[j] * scratch_tanh_[j];
      s[t] = sum;
    }
    const float max = *std::max_element(s, s + length);
    float total = 0;
    for (std::size_t t = 0; t < length; ++t) total += (s[t] = std::exp(s[t] - max));
    float* attns = st + attns_offset_;
    std::fill(attns, attns + size, 0.0f);
    for (std::size_t t = 0; t < length; ++t) {
      const float w = s[t] / total;
      for (std::size_t j = 0; j < size; ++j) attns[j] += w * hidden[t * size + j];
    }
    float* p = projection_in + b * 2 * size;
    std::copy(cell_output + b * size, cell_output + (b + 1) * size, p);
    std::copy(attns, attns + size, p + size);
  }
  // output = Linear([cell output ; attns]).
  set_bias(output, batch_, a.output_projection.bias);
  matmul_accumulate(projection_in, batch_, 2 * size, a.output_projection.kernel.data(), size, output);
  // The oldest stored output leaves, the new one (and its attn_w features) enters.
  for (std::size_t b = 0; b < batch_; ++b) {
    float* st = state_.data() + b * state_size_;
    float* hidden = st + states_offset_;
    float* features = st + features_offset_;
    std::memmove(hidden, hidden + size, (length - 1) * size * sizeof(float));
    std::memmove(features, features + size, (length - 1) * size * sizeof(float));
    float* new_hidden = hidden + (length - 1) * size;
    float* new_features = features + (length - 1) * size;
    std::copy(output + b * size, output + (b + 1) * size, new_hidden);
    std::fill(new_features, new_features + size, 0.0f);
    matmul_accumulate(new_hidden, 1, size, a.attn_w.data(), size, new_features);
  }
}

void MelodyRnnInference::step(std::span<const float> inputs, std::span<float> logits) {
  const std::size_t in = static_cast<std::size_t>(weights_.input_size);
  if (inputs.size() != batch_ * in || logits.size() != batch_ * static_cast<std::size_t>(weights_.num_classes)) {
    throw Error::internal("MelodyRnnInference::step: buffer sizes do not match the batch");
  }
  const bool attention = weights_.attention_layout != AttentionLayout::kNone;
  const float* layer_input = inputs.data();
  std::size_t layer_input_stride = in;
  if (attention) {
    // x' = Linear([x ; attns]) back to the input width.
    const auto& a = weights_.attention;
    const std::size_t rows = in + static_cast<std::size_t>(a.attn_size);
    concat_.resize(batch_ * rows);
    for (std::size_t b = 0; b < batch_; ++b) {
      std::copy(inputs.data() + b * in, inputs.data() + (b + 1) * in, concat_.data() + b * rows);
      const float* attns = state_.data() + b * state_size_ + attns_offset_;
      std::copy(attns, attns + a.attn_size, concat_.data() + b * rows + in);
    }
    layer_in_.resize(batch_ * in);
    set_bias(layer_in_.data(), batch_, a.input_projection.bias);
    matmul_accumulate(concat_.data(), batch_, rows, a.input_projection.kernel.data(), in, layer_in_.data());
    layer_input = layer_in_.data();
  }
  // Each layer reads its input from one buffer and writes its output to the other.
  for (std::size_t k = 0; k < weights_.layers.size(); ++k) {
    const LstmWeights& layer = weights_.layers[k];
    const std::size_t units = static_cast<std::size_t>(layer.units);
    std::vector<float>& out = layer_input == layer_out_.data() ? layer_alt_ : layer_out_;
    out.resize(batch_ * units);
    lstm_step(layer, layer_offsets_[k], layer_input, layer_input_stride, out.data());
    const bool last = k + 1 == weights_.layers.size();
    const bool attends = (weights_.attention_layout == AttentionLayout::kFirstLayer && k == 0) ||
                         (weights_.attention_layout == AttentionLayout::kWholeStack && last);
    if (attends) {
      // The wrapper's output replaces the cell's: query = the flattened state it wraps.
      std::vector<float>& projected = &out == &layer_out_ ? layer_alt_ : layer_out_;
      projected.resize(batch_ * static_cast<std::size_t>(weights_.attention.attn_size));
      const std::size_t query_size = weights_.attention_layout == AttentionLayout::kFirstLayer
                                         ? 2 * units
                                         : layer_offsets_.back() + 2 * units;
      attention_step(weights_.attention_layout == AttentionLayout::kFirstLayer ? layer_offsets_[0] : 0, query_size,
                     out.data(), projected.data());
      layer_input = projected.data();
      layer_input_stride = static_cast<std::size_t>(weights_.attention.attn_size);
    } else {
      layer_input = out.data();
      layer_input_stride = units;
    }
  }
  const LinearWeights& fc = weights_.output;
  set_bias(logits.data(), batch_, fc.bias);
  matmul_accumulate(layer_input, batch_, static_cast<std::size_t>(fc.inputs), fc.kernel.data(),
                    static_cast<std::size_t>(fc.outputs), logits.data());
}

}  // namespace stochos::rnn
