#include "core/expression.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace snn {
namespace {

TEST(Expression, IzhikevichParameterExpressions) {
  const Expression c = Expression::parse("-65 + 15*r^2", {"r"});
  const double r = 0.5;
  EXPECT_DOUBLE_EQ(c.evaluate(&r), -65 + 15 * 0.25);
  EXPECT_TRUE(c.uses_variable(0));
}

TEST(Expression, PrecedenceAndFunctions) {
  const double none = 0;
  EXPECT_DOUBLE_EQ(Expression::parse("2 + 3 * 4", {}).evaluate(&none), 14);
  EXPECT_DOUBLE_EQ(Expression::parse("(2 + 3) * 4", {}).evaluate(&none), 20);
  EXPECT_DOUBLE_EQ(Expression::parse("-2^2", {}).evaluate(&none), -4);
  EXPECT_DOUBLE_EQ(Expression::parse("2^3^2", {}).evaluate(&none), 512);
  EXPECT_DOUBLE_EQ(Expression::parse("round(20683 * 0.1)", {}).evaluate(&none), 2068);
  EXPECT_DOUBLE_EQ(Expression::parse("max(1, min(5, 3))", {}).evaluate(&none), 3);
  EXPECT_NEAR(Expression::parse("log(1 - 0.1) / log(1 - 1/(100*100))", {}).evaluate(&none),
              std::log(0.9) / std::log(1 - 1e-4), 1e-9);
}

TEST(Expression, ConstantsAreFoldedIn) {
  const Expression e = Expression::parse("N * scale", {}, {{"N", 1000}, {"scale", 0.1}});
  EXPECT_DOUBLE_EQ(e.evaluate(nullptr), 100);
}

TEST(Expression, ErrorsNameTheProblemAndItsPosition) {
  try {
    Expression::parse("1 + q", {"r"});
    FAIL();
  } catch (const ExpressionError& e) {
    EXPECT_EQ(e.offset(), 4u);
    EXPECT_NE(std::string(e.what()).find("unknown name 'q'"), std::string::npos);
  }
  EXPECT_THROW(Expression::parse("1 +", {}), ExpressionError);
  EXPECT_THROW(Expression::parse("(1", {}), ExpressionError);
  EXPECT_THROW(Expression::parse("sqrt(1, 2)", {}), ExpressionError);
  EXPECT_THROW(Expression::parse("foo(1)", {}), ExpressionError);
  EXPECT_THROW(Expression::parse("1 2", {}), ExpressionError);
}

}  // namespace
}  // namespace snn
