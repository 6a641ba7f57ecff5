// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The weights of a Magenta melody LSTM in TensorFlow's own layout (MG magenta/models/shared/
/// events_rnn_graph.py make_rnn_cell; TF rnn_cell_impl.py BasicLSTMCell), independent of any
/// tensor library: what a checkpoint holds, what the training model exports and what the
/// generation path runs on. Matrices are row-major float vectors.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stochos/melody/melody_rnn_config.h"
#include "stochos/tfio/checkpoint.h"

namespace stochos::rnn {

/// BasicLSTMCell: gates = [x ; h] · kernel + bias, kernel [input + units, 4·units], gate
/// order i, j, f, o, forget bias 1.0 added at run time (not stored).
struct LstmWeights {
  int input_size = 0;
  int units = 0;
  std::vector<float> kernel;
  std::vector<float> bias;
};

/// A dense layer y = x · kernel + bias, kernel [inputs, outputs].
struct LinearWeights {
  int inputs = 0;
  int outputs = 0;
  std::vector<float> kernel;
  std::vector<float> bias;
};

/// Where Magenta's AttentionCellWrapper sits.
enum class AttentionLayout {
  kNone,
  kFirstLayer,  ///< since May 2017: wraps cell_0 only; query = [c0 ; h0]
  kWholeStack,  ///< 2016 bundles: wraps the MultiRNNCell; query = [c0 ; h0 ; c1 ; h1 ...]
};

/// AttentionCellWrapper (MG magenta/contrib/rnn.py): input projection over [x ; attns],
/// attention (attn_w as a matrix [attn_size, attn_size], attn_v, query projection), and the
/// output projection over [cell output ; attns].
struct AttentionWeights {
  int attn_length = 0;
  int attn_size = 0;
  LinearWeights input_projection;
  LinearWeights query;
  std::vector<float> attn_w;  ///< [attn_size, attn_size] (the 1x1 convolution's kernel)
  std::vector<float> attn_v;  ///< [attn_size]
  LinearWeights output_projection;
};

struct MelodyRnnWeights {
  int input_size = 0;
  int num_classes = 0;
  std::vector<LstmWeights> layers;
  AttentionLayout attention_layout = AttentionLayout::kNone;
  AttentionWeights attention;
  LinearWeights output;  ///< fully_connected: last layer (or attention) output -> logits
  std::int64_t global_step = 0;

  std::vector<int> layer_sizes() const;
  /// Multiply-adds of one generation step for one sequence (for GFLOP/s figures).
  std::int64_t multiply_adds_per_step() const;
};

/// Maps a checkpoint's variables onto the weights for `config` (its encoder fixes the input
/// size and class count; the layer sizes come from the checkpoint and must agree with
/// config.hparams.rnn_layer_sizes unless `infer_layer_sizes`). Understands TF >= 1.0
/// names, TF 0.x names (RNN/MultiRNNCell/Cell0/BasicLSTMCell/Linear/Matrix, LSTMCell/W_0),
/// a leading scope such as `rnn_model/`, and both attention layouts; attn_length comes
/// from config.hparams (checkpoints do not store it). Throws Error(kInput) naming the
/// variable that is missing, has the wrong shape or holds a NaN or infinite value.
MelodyRnnWeights weights_from_checkpoint(const tfio::Checkpoint& checkpoint, const melody::MelodyRnnConfig& config,
                                         bool infer_layer_sizes = true);

/// The layer sizes a checkpoint holds (from its kernels), or none if it holds no LSTM.
std::optional<std::vector<int>> checkpoint_layer_sizes(const tfio::Checkpoint& checkpoint);

/// The weights as TF >= 1.0 variables, named as Magenta's current graph names them (plus
/// global_step), ready for write_checkpoint_v2 or a bundle.
tfio::Checkpoint weights_to_checkpoint(const MelodyRnnWeights& weights);

/// Magenta's variable scope of LSTM layer k ("rnn/multi_rnn_cell/cell_1/") and of the
/// attention wrapper ("rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/") for a layout.
std::string lstm_scope(AttentionLayout layout, std::size_t k);
std::string attention_scope(AttentionLayout layout);

/// Fresh weights as TensorFlow initialises them (Glorot-uniform kernels, zero biases),
/// drawn from a seeded stream so that a seed gives the same model everywhere.
MelodyRnnWeights initial_weights(const melody::MelodyRnnConfig& config, std::uint64_t seed);

}  // namespace stochos::rnn
