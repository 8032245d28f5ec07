%% Shale's stand-in for the parts of OTP's kernel application that stdlib
%% code expects to find running: a `kernel_sup` supervisor (timer's server
%% and other on-demand servers are started under it, as in erl) and the
%% logger's printing process.
%% shale-beam runs start/0 to completion before the program's own function.
-module(shale_kernel).
-behaviour(supervisor).
-export([start/0, init/1]).

%% Starts kernel_sup in a process that lives as long as the VM and returns
%% once the supervisor is registered.
start() ->
    Self = self(),
    register(logger_printer, spawn(logger, printer, [])),
    spawn(fun() -> hold(Self) end),
    receive {?MODULE, started} -> ok end.

hold(Starter) ->
    {ok, _} = supervisor:start_link({local, kernel_sup}, ?MODULE, []),
    Starter ! {?MODULE, started},
    receive after infinity -> ok end.

init([]) ->
    {ok, {#{strategy => one_for_all, intensity => 0, period => 1}, []}}.
