// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The generation path: one step of a melody LSTM for a batch of sequences (the beam), in
/// plain C++ over MelodyRnnWeights. A step of these models is a few hundred thousand
/// multiply-adds, so a fused loop without per-operation dispatch is several times faster
/// than running the training graph (LibTorch or TensorFlow) one step at a time; its logits
/// equal the training model's to 1e-5 (tested). Attention keeps the features of each stored
/// output (attn_states · attn_w) in the state, computed once when the output is stored,
/// instead of recomputing all attn_length rows every step as TensorFlow does. The
/// arithmetic is detail/inference_kernels.h's: AVX2 + FMA where the CPU has it, plain C++
/// elsewhere, the same bits either way, so a seed gives the same melody on every machine.
#include <cstddef>
#include <span>
#include <vector>

#include "stochos/rnn/detail/inference_kernels.h"
#include "stochos/rnn/melody_rnn_weights.h"

namespace stochos::rnn {

class MelodyRnnInference {
 public:
  /// Keeps a copy of the weights.
  explicit MelodyRnnInference(MelodyRnnWeights weights);

  const MelodyRnnWeights& weights() const { return weights_; }
  int input_size() const { return weights_.input_size; }
  int num_classes() const { return weights_.num_classes; }

  /// Starts `batch` sequences from the zero state (Magenta's initial_state).
  void reset(std::size_t batch);
  std::size_t batch() const { return batch_; }

  /// One step for every sequence: `inputs` holds batch() rows of input_size(), `logits`
  /// receives batch() rows of num_classes().
  void step(std::span<const float> inputs, std::span<float> logits);

  /// Reorders the batch: sequence i takes the state that sequence source[i] has now
  /// (beam pruning and branching). source.size() becomes the new batch size.
  void select(std::span<const std::size_t> source);

  /// Floats of state per sequence.
  std::size_t state_size() const { return state_size_; }

 private:
  float* state(std::size_t b) { return state_.data() + slots_[b] * state_size_; }
  void lstm_step(std::size_t layer, const float* inputs, std::size_t input_stride, float* outputs);
  void attention_step(std::size_t query_offset, std::size_t query_size, const float* cell_output, float* output);

  MelodyRnnWeights weights_;
  // weights_'s matrices repacked for detail::matmul_bias.
  std::vector<detail::PackedKernel> layer_kernels_;
  detail::PackedKernel input_projection_, query_, output_projection_, attn_w_, output_;
  std::size_t batch_ = 0;
  std::size_t state_size_ = 0;
  std::vector<std::size_t> layer_offsets_;  // c at offset, h at offset + units
  std::size_t attns_offset_ = 0, states_offset_ = 0, features_offset_ = 0;
  // The stored outputs and their features are rings of attn_length rows. Every sequence
  // steps together, so one index (the oldest row) serves them all and survives select().
  std::size_t ring_head_ = 0;
  // Slots of state_size_ floats. Sequence b's state is slot slots_[b], so select() moves
  // indices and copies a state only when two sequences take the same one.
  std::vector<float> state_;
  std::vector<std::size_t> slots_, next_slots_;
  std::vector<char> slot_taken_;
  // Scratch buffers, reused across steps.
  std::vector<float> concat_, gates_, layer_out_, layer_alt_, layer_in_, scratch_;
};

/// Softmax of logits / temperature, in place, per row of `num_classes` values (max
/// subtracted first, so a temperature near zero gives a one-hot of the argmax).
void softmax_rows(std::span<float> logits, int num_classes, double temperature);

}  // namespace stochos::rnn
