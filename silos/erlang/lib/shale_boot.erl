%% The Erlang silo's first program (silos/erlang.silo runs
%% `beam -run shale_boot main`): starts the shell manager behind flint's
%% `erl` (shale_shell) and waits, so that the runtime stays up -- asleep in
%% the kernel while no Erlang process has work.
-module(shale_boot).
-export([main/0]).

main() ->
    shale_shell:start(),
    receive stop -> ok end.
