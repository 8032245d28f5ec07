-module(float_math).
-export([test/0]).
%% Math module functions and float rounding BIFs.
test() ->
    [math:sqrt(2), math:exp(1), math:log(10), math:log2(1024), math:log10(12345), math:sin(1), math:cos(1),
     math:tan(0.5), math:atan2(1, -1), math:pi(), math:pow(2.5, 3.5), math:floor(-2.5), math:ceil(-2.5),
     math:fmod(10.5, 3), floor(-3.7), ceil(3.2), math:asin(0.5), math:acos(0.5), math:atan(1), math:sinh(1),
     math:cosh(1), math:tanh(1), trunc(-3.9), round(2.5), round(-2.5)].
