#include "nir/nir_program.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

#include "nir/nir_node_kinds.hpp"

namespace snn {

bool NirOp::spiking() const {
  return kind == NirOpKind::kIF || kind == NirOpKind::kLIF || kind == NirOpKind::kCubaLIF || kind == NirOpKind::kThreshold;
}

bool NirOp::has_state() const {
  switch (kind) {
    case NirOpKind::kIF: case NirOpKind::kLIF: case NirOpKind::kCubaLIF: case NirOpKind::kLI:
    case NirOpKind::kCubaLI: case NirOpKind::kIntegrator: case NirOpKind::kDelay: return true;
    default: return false;
  }
}

const NirOp* NirProgram::find(const std::string& name) const {
  for (const NirOp& op : ops)
    if (op.path == name) return &op;
  return nullptr;
}

namespace {

// The graph with nested graphs opened up: every node that computes, and every edge between them.
struct FlatGraph {
  struct Node {
    const NirNode* node;
    bool nested_port;  // a nested graph's Input or Output node: passes its input on
  };
  std::vector<Node> nodes;
  std::vector<std::pair<int, int>> edges;  // in the file's order, a nested graph's before its parent's
};

// Where a graph's node names lead in the flat graph: a nested graph's name leads to its Input (as an
// edge's target) or Output (as a source) nodes.
struct Ports {
  std::vector<int> as_target, as_source;
};

class Flattener {
 public:
  explicit Flattener(const std::string& file) : file_(file) {}
  FlatGraph graph;

  std::map<std::string, Ports> add(const NirGraph& g, const std::string& graph_name, bool nested) {
    std::map<std::string, Ports> ports;
    std::map<std::string, std::map<std::string, Ports>> inner;
    for (const NirNode& node : g.nodes) {
      if (node.type == "NIRGraph") {
        inner[node.name] = add(*node.graph, "graph '" + node.path + "'", true);
        Ports& p = ports[node.name];
        for (const NirNode& n : node.graph->nodes) {
          if (n.type == "Input") p.as_target.insert(p.as_target.end(), inner[node.name][n.name].as_target.begin(), inner[node.name][n.name].as_target.end());
          if (n.type == "Output") p.as_source.insert(p.as_source.end(), inner[node.name][n.name].as_source.begin(), inner[node.name][n.name].as_source.end());
        }
        if (p.as_target.empty()) fail(node.describe() + ": a nested graph without an Input node cannot receive edges");
        continue;
      }
      const int index = static_cast<int>(graph.nodes.size());
      graph.nodes.push_back({&node, nested && (node.type == "Input" || node.type == "Output")});
      ports[node.name] = {{index}, {index}};
    }
    for (const NirEdge& edge : g.edges) {
      const std::vector<int> from = resolve(ports, inner, g, edge, edge.first, true, graph_name);
      const std::vector<int> to = resolve(ports, inner, g, edge, edge.second, false, graph_name);
      for (int a : from)
        for (int b : to) graph.edges.emplace_back(a, b);
    }
    return ports;
  }

 private:
  std::string file_;

  [[noreturn]] void fail(const std::string& why) const { throw NirError(file_ + ": " + why); }

  std::vector<int> resolve(const std::map<std::string, Ports>& ports, const std::map<std::string, std::map<std::string, Ports>>& inner,
                           const NirGraph& g, const NirEdge& edge, const std::string& name, bool source, const std::string& graph_name) const {
    const std::string edge_text = "edge '" + edge.first + "' -> '" + edge.second + "' of " + graph_name;
    auto found = ports.find(name);
    // "graph.node": a node of a nested graph, where no node has the whole name.
    if (found == ports.end()) {
      const size_t dot = name.find('.');
      if (dot != std::string::npos && inner.count(name.substr(0, dot))) {
        const auto& nested = inner.at(name.substr(0, dot));
        found = nested.find(name.substr(dot + 1));
        if (found != nested.end()) return source ? found->second.as_source : found->second.as_target;
      }
      std::string names;
      for (const NirNode& n : g.nodes) names += (names.empty() ? "" : ", ") + n.name;
      fail(edge_text + " names no node '" + name + "' (its nodes: " + names + ")");
    }
    const std::vector<int>& ends = source ? found->second.as_source : found->second.as_target;
    if (ends.size() != 1)
      fail(edge_text + ": the nested graph '" + name + "' has " + std::to_string(ends.size()) + (source ? " Output" : " Input") +
           " nodes; name one as '" + name + ".<node>'");
    return ends;
  }
};

// Run order: reverse post-order of a depth-first walk from the Input nodes (then from any node not
// reached), so that every edge runs forward except those that close a cycle; edges into a Delay that
// reads its input after the step impose no order.
struct Order {
  std::vector<int> nodes;
  std::vector<bool> back_edge;  // per flat edge
};

Order run_order(const FlatGraph& g, const std::vector<bool>& input_after_step) {
  const int n = static_cast<int>(g.nodes.size());
  std::vector<std::vector<int>> out_edges(n);
  for (size_t e = 0; e < g.edges.size(); ++e)
    if (!input_after_step[g.edges[e].second]) out_edges[g.edges[e].first].push_back(static_cast<int>(e));
  std::vector<int> roots;
  for (int k = 0; k < n; ++k)
    if (g.nodes[k].node->type == "Input" && !g.nodes[k].nested_port) roots.push_back(k);
  for (int k = 0; k < n; ++k) roots.push_back(k);
  Order order;
  order.back_edge.assign(g.edges.size(), false);
  enum State { kNew, kOnPath, kDone };
  std::vector<State> state(n, kNew);
  std::vector<int> post;
  for (int root : roots) {
    if (state[root] != kNew) continue;
    std::vector<std::pair<int, size_t>> path{{root, 0}};
    state[root] = kOnPath;
    while (!path.empty()) {
      auto& [node, next] = path.back();
      if (next == out_edges[node].size()) {
        state[node] = kDone;
        post.push_back(node);
        path.pop_back();
        continue;
      }
      const int edge = out_edges[node][next++];
      const int target = g.edges[edge].second;
      if (state[target] == kOnPath) order.back_edge[edge] = true;
      else if (state[target] == kNew) {
        state[target] = kOnPath;
        path.emplace_back(target, 0);
      }
    }
  }
  order.nodes.assign(post.rbegin(), post.rend());
  return order;
}

}  // namespace

NirProgram compile_nir(const NirFile& file, double dt) {
  if (!(dt > 0)) throw NirError(file.path + ": the time step must be positive");
  Flattener flattener(file.path);
  flattener.add(file.graph, "the root graph", false);
  const FlatGraph& g = flattener.graph;
  std::vector<bool> input_after_step(g.nodes.size(), false);
  for (size_t k = 0; k < g.nodes.size(); ++k) {
    const NirNode& node = *g.nodes[k].node;
    const auto delay = node.parameters.find("delay");
    if (node.type != "Delay" || delay == node.parameters.end() || delay->second.numbers.empty()) continue;
    input_after_step[k] = std::all_of(delay->second.numbers.begin(), delay->second.numbers.end(),
                                      [&](double d) { return std::round(d / dt) >= 1; });
  }
  const Order order = run_order(g, input_after_step);

  NirProgram program;
  program.path = file.path;
  program.version = file.version;
  program.dt = dt;
  std::vector<int> op_of(g.nodes.size(), -1);
  for (int flat : order.nodes) {
    const NirNode& node = *g.nodes[flat].node;
    const TensorShape* input = nullptr;
    std::vector<NirSource> sources;
    for (size_t e = 0; e < g.edges.size(); ++e) {
      if (g.edges[e].second != flat) continue;
      const int from = g.edges[e].first;
      sources.push_back({from, order.back_edge[e]});  // flat indices until every op exists
      if (order.back_edge[e] || input_after_step[flat]) continue;
      const TensorShape& shape = program.ops[op_of[from]].output_shape;
      if (input == nullptr) input = &shape;
      else if (element_count(shape) != element_count(*input))
        throw NirError(file.path + ": " + node.describe() + " receives " + shape_text(*input) + " and " + shape_text(shape) +
                       " (from '" + g.nodes[from].node->path + "'): the values summed into a node must have one shape");
    }
    if (node.type == "Input" && !g.nodes[flat].nested_port && !sources.empty())
      throw NirError(file.path + ": " + node.describe() + ": the graph's Input node has edges into it");
    const TensorShape input_copy = input != nullptr ? *input : TensorShape{};
    NirOp op = make_nir_op(node, input != nullptr ? &input_copy : nullptr, dt, file.path);
    if (g.nodes[flat].nested_port) op.kind = NirOpKind::kIdentity;
    op.input_after_step = input_after_step[flat];
    op.sources = std::move(sources);
    op_of[flat] = static_cast<int>(program.ops.size());
    program.ops.push_back(std::move(op));
  }
  for (NirOp& op : program.ops) {
    for (NirSource& source : op.sources) {
      const NirOp& from = program.ops[op_of[source.op]];
      if ((source.previous_step || op.input_after_step) && from.output_size() != op.input_size())
        throw NirError(file.path + ": node '" + op.path + "' (" + op.type + ") takes " + shape_text(op.input_shape) + " but receives " +
                       shape_text(from.output_shape) + " from '" + from.path + "'");
      source.op = op_of[source.op];
    }
    if (op.kind == NirOpKind::kInput) program.inputs.push_back(static_cast<int>(&op - program.ops.data()));
    if (op.kind == NirOpKind::kOutput) program.outputs.push_back(static_cast<int>(&op - program.ops.data()));
  }
  // A cycle must pass through a node with state: without one, its values at a time depend on
  // themselves at that same time, which no discretisation can mean.
  for (size_t i = 0; i < program.ops.size(); ++i) {
    for (const NirSource& source : program.ops[i].sources) {
      if (!source.previous_step) continue;
      const int start = static_cast<int>(i), goal = source.op;
      std::vector<bool> seen(program.ops.size(), false);
      std::deque<int> queue{start};
      while (!queue.empty()) {
        const int at = queue.front();
        queue.pop_front();
        if (seen[at] || program.ops[at].has_state()) continue;
        seen[at] = true;
        if (at == goal)
          throw NirError(file.path + ": the cycle through '" + program.ops[goal].path + "' -> '" + program.ops[start].path +
                         "' has no node with state (a neuron or a Delay): its value would depend on itself at the same instant");
        for (size_t j = 0; j < program.ops.size(); ++j)
          for (const NirSource& s : program.ops[j].sources)
            if (!s.previous_step && s.op == at) queue.push_back(static_cast<int>(j));
      }
    }
  }
  std::sort(program.inputs.begin(), program.inputs.end(), [&](int a, int b) { return program.ops[a].path < program.ops[b].path; });
  std::sort(program.outputs.begin(), program.outputs.end(), [&](int a, int b) { return program.ops[a].path < program.ops[b].path; });
  if (program.inputs.empty()) throw NirError(file.path + ": the root graph has no Input node: nothing would bring data in");
  return program;
}

}  // namespace snn
