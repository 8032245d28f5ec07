-module(abs_zero).
-export([test/0]).
%% Signed zero through abs, negation and encoding.
test() ->
    [abs(-0.0), abs(0.0), -0.0 == 0.0, -0.0 =:= 0.0, abs(-1.5), abs(-(1 bsl 70)), -(0.0), 0.0 * -1, float_to_list(-0.0),
     <<(-0.0)/float>>, <<(abs(-0.0))/float>>, lists:usort([0.0, -0.0])].
