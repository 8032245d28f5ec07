-module(bignum_conv).
-export([test/0]).
%% Bignum conversions to strings, floats and external format.
test() ->
    A = 123456789012345678901234567890123456789,
    [integer_to_list(A), integer_to_list(-A, 16), integer_to_list(A, 36), integer_to_binary(A, 2),
     list_to_integer("-99999999999999999999999999999"), binary_to_integer(<<"ffffffffffffffffffffffff">>, 16),
     float(A), trunc(1.0e30), round(-2.5e25), A == float(A), A =:= float(A), A < 1.0e40,
     abs(-A), max(A, 1.0e38), term_to_binary(A), binary_to_term(term_to_binary(-A)),
     erlang:external_size(A), A div 7, A rem 7, gcd(A, 1 bsl 80)].
gcd(A, 0) -> A;
gcd(A, B) -> gcd(B, A rem B).
