-module(random_arith).
-export([test/0]).
%% Differential sweep of integer and float arithmetic over pseudo-random
%% operands of every size (a fixed LCG): bignum division (every limb
%% shape), bitwise operations on negatives, shifts, mixed comparisons.
next(S) -> (S * 6364136223846793005 + 1442695040888963407) band 16#FFFFFFFFFFFFFFFF.
num(S) ->
    Limbs = S rem 5,
    Mag = lists:foldl(fun(_, {Acc, X}) -> X2 = next(X), {(Acc bsl 64) bor X2, X2} end,
                      {S bsr 40, S}, lists:seq(1, Limbs)),
    V = element(1, Mag) bsr (S rem 61),
    case S rem 3 of 0 -> -V; _ -> V end.
nums(S, N) -> nums(S, N, []).
nums(_, 0, Acc) -> Acc;
nums(S, N, Acc) -> S2 = next(S), nums(S2, N - 1, [num(S2) | Acc]).
safe(F) -> try F() catch error:R -> R end.
test() ->
    Ns = nums(99, 80),
    Ps = lists:zip(lists:sublist(Ns, 40), lists:nthtail(40, Ns)),
    [[{A + B, A - B, A * B} || {A, B} <- Ps],
     [{safe(fun() -> A div B end), safe(fun() -> A rem B end)} || {A, B} <- Ps],
     [{A band B, A bor B, A bxor B, bnot A} || {A, B} <- Ps],
     [{A bsl (abs(B) rem 130), A bsr (abs(B) rem 130)} || {A, B} <- Ps],
     [{A < B, A == B, float(A) < B, A == float(A)} || {A, B} <- Ps, abs(A) < 1 bsl 900],
     [{safe(fun() -> A / B end), safe(fun() -> float(A) * 1.5 end)} || {A, B} <- Ps],
     [{trunc(A / 3.0), round(A / 7.0)} || A <- Ns, abs(A) < 1 bsl 1000],
     [integer_to_list(A, 7) || A <- lists:sublist(Ns, 10)],
     lists:sum(Ns), lists:foldl(fun(X, Acc) -> (Acc * 31 + X) rem (1 bsl 200) end, 0, Ns),
     [{X div 10, X rem 10, -X div 10, -X rem 10} || X <- [1 bsl 64, (1 bsl 64) - 1, 1 bsl 128, (1 bsl 127) + 12345]]].
