%% The Erlang silo's first program (silos/erlang.silo runs
%% `beam -run shale_boot main`): says the runtime is up with a little
%% proof of life -- a bignum, a thousand processes -- then waits, so that an
%% idle silo sleeps in the kernel.
-module(shale_boot).
-export([main/0]).

main() ->
    Self = self(),
    N = 1000,
    [spawn(fun() -> Self ! {sq, I * I} end) || I <- lists:seq(1, N)],
    Sum = lists:sum([receive {sq, V} -> V end || _ <- lists:seq(1, N)]),
    io:format("erlang: OTP ~s runtime up: 2^100 = ~p, ~w processes summed ~w~n",
              [erlang:system_info(otp_release), 1 bsl 100, N, Sum]),
    receive stop -> ok end.
