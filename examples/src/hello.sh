#!/bin/sh
echo "hello from the example project"
