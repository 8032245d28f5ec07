-module(bignum_ops).
-export([test/0]).
%% Arbitrary precision integers.
fact(0) -> 1;
fact(N) -> N * fact(N - 1).
pow(_, 0) -> 1;
pow(B, E) -> B * pow(B, E - 1).
test() ->
    F50 = fact(50), F30 = fact(30), P = pow(3, 200), N = -pow(7, 90),
    [F50, F30, F50 div F30, F50 rem (F30 + 17), P, N, P + N, P - N, P * N,
     N div 12345, N rem 12345, N div -98765432123456789, N rem -98765432123456789,
     P div N, P rem N, P band N, P bor N, P bxor N, bnot P, bnot N,
     P bsr 100, N bsr 100, N bsr 1000, P bsl 70, N bsl 3,
     P > N, N < 0, P == P + 0, P =:= P * 1, F50 > 1.0e64, F50 < 1.0e65,
     integer_to_list(F30), integer_to_list(N, 16), integer_to_list(P, 36),
     list_to_integer("-123456789012345678901234567890"),
     list_to_integer("ffffffffffffffffffffffff", 16),
     abs(N), -N, float(P), trunc(1.0e30), round(-2.5e20), F50 div F50, F50 rem F50,
     (1 bsl 128) div (1 bsl 64), (1 bsl 200) rem ((1 bsl 100) + 7),
     fact(200) div fact(198), length(integer_to_list(fact(300)))].
