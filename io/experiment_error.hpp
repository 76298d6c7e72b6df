#pragma once
// An error in an experiment file, located by file, line and column (1-based) when known.
#include <stdexcept>
#include <string>

namespace snn {

class ExperimentError : public std::runtime_error {
 public:
  ExperimentError(const std::string& file, int line, int column, const std::string& message)
      : std::runtime_error(format(file, line, column, message)), file_(file), line_(line), column_(column),
        message_(message) {}
  const std::string& file() const { return file_; }
  int line() const { return line_; }      // 0 when unknown
  int column() const { return column_; }  // 0 when unknown
  const std::string& message() const { return message_; }

 private:
  static std::string format(const std::string& file, int line, int column, const std::string& message) {
    if (line <= 0) return file + ": " + message;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
  }
  std::string file_;
  int line_, column_;
  std::string message_;
};

}  // namespace snn
