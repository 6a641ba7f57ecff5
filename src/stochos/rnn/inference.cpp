// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/inference.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "stochos/core/error.h"

namespace stochos::rnn {
namespace {

detail::PackedKernel pack(const LinearWeights& w) {
  return detail::pack_kernel(w.kernel, static_cast<std::size_t>(w.inputs), static_cast<std::size_t>(w.outputs), w.bias);
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
    const auto units = static_cast<std::size_t>(layer.units);
    layer_offsets_.push_back(offset);
    offset += 2 * units;
    layer_kernels_.push_back(detail::pack_kernel(layer.kernel, static_cast<std::size_t>(layer.input_size) + units,
                                                 4 * units, layer.bias));
  }
  output_ = pack(weights_.output);
  if (weights_.attention_layout != AttentionLayout::kNone) {
    const auto& a = weights_.attention;
    if (a.attn_length <= 0) throw Error::usage("attention needs attn_length > 0");
    const std::size_t block = static_cast<std::size_t>(a.attn_length) * a.attn_size;
    attns_offset_ = offset;
    states_offset_ = attns_offset_ + a.attn_size;
    features_offset_ = states_offset_ + block;
    offset = features_offset_ + block;
    input_projection_ = pack(a.input_projection);
    query_ = pack(a.query);
    output_projection_ = pack(a.output_projection);
    attn_w_ = detail::pack_kernel(a.attn_w, a.attn_size, a.attn_size);
  }
  state_size_ = offset;
}

void MelodyRnnInference::reset(std::size_t batch) {
  batch_ = batch;
  ring_head_ = 0;
  state_.assign(batch * state_size_, 0.0f);
  slots_.resize(batch);
  for (std::size_t b = 0; b < batch; ++b) slots_[b] = b;
}

void MelodyRnnInference::select(std::span<const std::size_t> source) {
  for (const std::size_t s : source) {
    if (s >= batch_) throw Error::internal("MelodyRnnInference::select: index out of range");
  }
  // The first sequence to take a slot keeps it; later ones get a copy in a slot nobody
  // takes (or a new one).
  constexpr std::size_t kUnassigned = static_cast<std::size_t>(-1);
  std::size_t slot_count = state_.size() / state_size_;
  slot_taken_.assign(slot_count, 0);
  next_slots_.resize(source.size());
  for (std::size_t i = 0; i < source.size(); ++i) {
    const std::size_t slot = slots_[source[i]];
    next_slots_[i] = slot_taken_[slot] ? kUnassigned : slot;
    slot_taken_[slot] = 1;
  }
  std::size_t free = 0;
  for (std::size_t i = 0; i < source.size(); ++i) {
    if (next_slots_[i] != kUnassigned) continue;
    while (free < slot_count && slot_taken_[free]) ++free;
    if (free == slot_count) {
      state_.resize(++slot_count * state_size_);
      slot_taken_.push_back(0);
    }
    slot_taken_[free] = 1;
    std::memcpy(state_.data() + free * state_size_, state_.data() + slots_[source[i]] * state_size_,
                state_size_ * sizeof(float));
    next_slots_[i] = free;
  }
  std::swap(slots_, next_slots_);
  batch_ = source.size();
}

void MelodyRnnInference::lstm_step(std::size_t index, const float* inputs, std::size_t input_stride, float* outputs) {
  const LstmWeights& layer = weights_.layers[index];
  const std::size_t offset = layer_offsets_[index];
  const std::size_t in = static_cast<std::size_t>(layer.input_size);
  const std::size_t units = static_cast<std::size_t>(layer.units);
  const std::size_t rows = in + units;
  concat_.resize(batch_ * rows);
  gates_.resize(batch_ * 4 * units);
  for (std::size_t b = 0; b < batch_; ++b) {
    const float* h = state(b) + offset + units;
    std::copy(inputs + b * input_stride, inputs + b * input_stride + in, concat_.data() + b * rows);
    std::copy(h, h + units, concat_.data() + b * rows + in);
  }
  detail::matmul_bias(layer_kernels_[index], concat_.data(), batch_, gates_.data());
  for (std::size_t b = 0; b < batch_; ++b) {
    float* g = gates_.data() + b * 4 * units;
    float* c = state(b) + offset;
    float* h = c + units;
    // Gate order i, j, f, o; BasicLSTMCell's forget bias of 1.0 is added here.
    for (std::size_t j = 0; j < units; ++j) g[2 * units + j] += 1.0f;
    detail::activate_sigmoid({g, units});
    detail::activate_tanh({g + units, units});
    detail::activate_sigmoid({g + 2 * units, 2 * units});
    for (std::size_t j = 0; j < units; ++j) c[j] = c[j] * g[2 * units + j] + g[j] * g[units + j];
    std::copy(c, c + units, h);
    detail::activate_tanh({h, units});
    for (std::size_t j = 0; j < units; ++j) h[j] *= g[3 * units + j];
    std::copy(h, h + units, outputs + b * units);
  }
}

void MelodyRnnInference::attention_step(std::size_t query_offset, std::size_t query_size, const float* cell_output,
                                        float* output) {
  const AttentionWeights& a = weights_.attention;
  const std::size_t size = static_cast<std::size_t>(a.attn_size);
  const std::size_t length = static_cast<std::size_t>(a.attn_length);
  scratch_.resize(batch_ * (size + length + 3 * size));
  float* y = scratch_.data();                       // [batch, size]
  float* scores = y + batch_ * size;                // [batch, length]
  float* projection_in = scores + batch_ * length;  // [batch, 2 * size]
  float* new_features = projection_in + batch_ * 2 * size;  // [batch, size]
  // y = Linear(query), the query being the flattened new cell state.
  concat_.resize(batch_ * query_size);
  for (std::size_t b = 0; b < batch_; ++b) {
    const float* q = state(b) + query_offset;
    std::copy(q, q + query_size, concat_.data() + b * query_size);
  }
  detail::matmul_bias(query_, concat_.data(), batch_, y);
  for (std::size_t b = 0; b < batch_; ++b) {
    float* st = state(b);
    const float* hidden = st + states_offset_;
    float* s = scores + b * length;
    // s_t = sum_j v_j tanh(features_tj + y_j); a = softmax(s); attns = sum_t a_t hidden_t,
    // t from the oldest stored output to the newest.
    detail::attention_scores(st + features_offset_, length, ring_head_, size, y + b * size, a.attn_v.data(), s);
    const float max = *std::max_element(s, s + length);
    float total = 0;
    for (std::size_t t = 0; t < length; ++t) total += (s[t] = std::exp(s[t] - max));
    float* attns = st + attns_offset_;
    std::fill(attns, attns + size, 0.0f);
    for (std::size_t t = 0; t < length; ++t) {
      const float w = s[t] / total;
      const float* h = hidden + (ring_head_ + t) % length * size;
      for (std::size_t j = 0; j < size; ++j) attns[j] += w * h[j];
    }
    float* p = projection_in + b * 2 * size;
    std::copy(cell_output + b * size, cell_output + (b + 1) * size, p);
    std::copy(attns, attns + size, p + size);
  }
  // output = Linear([cell output ; attns]).
  detail::matmul_bias(output_projection_, projection_in, batch_, output);
  // The new output and its attn_w features take the oldest row, which becomes the newest.
  detail::matmul_bias(attn_w_, output, batch_, new_features);
  for (std::size_t b = 0; b < batch_; ++b) {
    float* st = state(b);
    std::copy(output + b * size, output + (b + 1) * size, st + states_offset_ + ring_head_ * size);
    std::copy(new_features + b * size, new_features + (b + 1) * size, st + features_offset_ + ring_head_ * size);
  }
  ring_head_ = (ring_head_ + 1) % length;
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
      const float* attns = state(b) + attns_offset_;
      std::copy(attns, attns + a.attn_size, concat_.data() + b * rows + in);
    }
    layer_in_.resize(batch_ * in);
    detail::matmul_bias(input_projection_, concat_.data(), batch_, layer_in_.data());
    layer_input = layer_in_.data();
  }
  // Each layer reads its input from one buffer and writes its output to the other.
  for (std::size_t k = 0; k < weights_.layers.size(); ++k) {
    const LstmWeights& layer = weights_.layers[k];
    const std::size_t units = static_cast<std::size_t>(layer.units);
    std::vector<float>& out = layer_input == layer_out_.data() ? layer_alt_ : layer_out_;
    out.resize(batch_ * units);
    lstm_step(k, layer_input, layer_input_stride, out.data());
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
  detail::matmul_bias(output_, layer_input, batch_, logits.data());
}

}  // namespace stochos::rnn
