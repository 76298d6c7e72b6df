#pragma once
// A NIR graph made runnable: nested graphs flattened, every node's input and output shape known and
// checked, parameters as float arrays of the node's size, and the nodes in an order in which each
// reads only what is already computed this step. A Delay of at least one step needs nothing of this
// step to give its output, so it takes its input after the step (and breaks any cycle through it);
// any other edge that closes a cycle carries the previous step's value (one step of delay per cycle,
// as the frameworks' recurrent layers do). docs/nir.md gives each node's meaning.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "nir/nir_graph.hpp"

namespace snn {

enum class NirOpKind {
  kInput,     // the root graph's inputs: the run's data
  kOutput,    // the root graph's outputs: recorded
  kIdentity,  // a nested graph's Input and Output nodes
  kAffine, kLinear, kConv, kFlatten, kSumPool, kAvgPool, kScale, kThreshold, kDelay,
  kIF, kLIF, kCubaLIF, kLI, kCubaLI, kIntegrator,
};

// A convolution's or pooling's geometry, in two dimensions (Conv1d: a height of 1).
struct NirWindow {
  int64_t in_channels = 0, out_channels = 0, groups = 1;
  int64_t in_h = 1, in_w = 1, out_h = 1, out_w = 1;
  int64_t kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1;
  int64_t pad_top = 0, pad_left = 0, dilation_h = 1, dilation_w = 1;
};

struct NirSource {
  int op = 0;
  bool previous_step = false;  // an edge that closes a cycle
};

struct NirOp {
  NirOpKind kind = NirOpKind::kIdentity;
  std::string path, type;
  TensorShape input_shape, output_shape;  // per sample, without the batch dimension
  std::vector<NirSource> sources;         // summed, in the file's edge order
  // Parameters by NIR name, as float arrays: a neuron's have its output's size (a single value
  // broadcast); weight [out, in] or [out, in/groups, kh, kw]; bias [out].
  std::map<std::string, std::vector<float>> arrays;
  NirWindow window;
  std::vector<int32_t> delay_steps;  // Delay: each element's delay in steps
  bool input_after_step = false;     // a Delay of at least one step: reads its input once the step is done

  int64_t input_size() const { return element_count(input_shape); }
  int64_t output_size() const { return element_count(output_shape); }
  bool spiking() const;     // emits spikes (IF, LIF, CubaLIF, Threshold)
  bool has_state() const;   // keeps state from step to step (neurons, Delay)
};

struct NirProgram {
  std::string path, version;
  double dt = 0;
  std::vector<NirOp> ops;  // in run order
  std::vector<int> inputs, outputs;  // the root graph's Input and Output ops, by name

  const NirOp* find(const std::string& path) const;
};

// Checks the graph and compiles it for steps of `dt` seconds (Delay nodes need it). Throws NirError
// naming the file, the node, its type and the reason for anything that cannot run.
NirProgram compile_nir(const NirFile& file, double dt);

}  // namespace snn
