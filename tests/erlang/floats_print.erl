-module(floats_print).
-export([test/0]).
%% Floats: arithmetic and printing in the shortest round-trip form.
test() ->
    [0.1, 0.2, 0.1 + 0.2, 1.0, -1.0, 100.0, 1.0e10, 1.0e15, 1.0e16, 123456.789,
     1.0e-5, 0.0001, 0.00012, 1.5e300, 5.0e-324, 1.7976931348623157e308,
     1/3, 2/3, 10/3, 1.0e22, 9007199254740993.0, 9007199254740991.0,
     123456789012345.0, 0.0, -0.0, 3.14159, 2.718281828459045,
     float(7), 7 * 1.5, 2.5 - 0.5, 1.0e100 * 1.0e100, math:sqrt(2), math:pi(),
     math:pow(2, 0.5), math:exp(1), math:log(10), math:sin(1.0), math:atan2(1, 2),
     trunc(3.7), trunc(-3.7), round(3.5), round(-3.5), round(2.4999), floor(-1.5),
     ceil(-1.5), floor(1.5), ceil(1.2), 1.0e-10, 12.5e-3].
