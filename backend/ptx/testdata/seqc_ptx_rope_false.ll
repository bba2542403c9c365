source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @seqc_ptx_rope_false(i64 %i0, i64 %i1, i64 %i2, i64 %i3, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1, float addrspace(1)* nocapture %p2, float addrspace(1)* nocapture %p3) nounwind {
entry:
	%0 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%1 = zext i32 %0 to i64
	%2 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%3 = zext i32 %2 to i64
	%4 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%5 = zext i32 %4 to i64
	%6 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%7 = zext i32 %6 to i64
	%8 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%9 = zext i32 %8 to i64
	%10 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%11 = zext i32 %10 to i64
	%12 = mul i64 %11, 256
	%13 = add i64 %12, %9
	%14 = mul i64 %3, %5
	%15 = add i64 %14, %1
	%16 = mul i64 %15, 256
	%17 = add i64 %16, %13
	%18 = icmp slt i64 %17, %i0
	br i1 %18, label %if.1, label %if.join.2

if.1:
	%19 = srem i64 %17, %i3
	%20 = sdiv i64 %17, %i3
	%21 = sdiv i64 %20, %i2
	%22 = srem i64 %21, %i1
	%23 = mul i64 %i3, 2
	%24 = mul i64 %20, %23
	%25 = add i64 %24, %19
	%26 = add i64 %25, %i3
	%27 = mul i64 %22, %i3
	%28 = add i64 %27, %19
	%29 = getelementptr float, float addrspace(1)* %p1, i64 %28
	%30 = load float, float addrspace(1)* %29, align 4
	%31 = getelementptr float, float addrspace(1)* %p2, i64 %28
	%32 = load float, float addrspace(1)* %31, align 4
	%33 = getelementptr float, float addrspace(1)* %p0, i64 %25
	%34 = load float, float addrspace(1)* %33, align 4
	%35 = getelementptr float, float addrspace(1)* %p0, i64 %26
	%36 = load float, float addrspace(1)* %35, align 4
	%37 = fmul float %34, %30
	%38 = fmul float %36, %32
	%39 = fsub float %37, %38
	%40 = getelementptr float, float addrspace(1)* %p3, i64 %25
	store float %39, float addrspace(1)* %40, align 4
	%41 = fmul float %34, %32
	%42 = fmul float %36, %30
	%43 = fadd float %41, %42
	%44 = getelementptr float, float addrspace(1)* %p3, i64 %26
	store float %43, float addrspace(1)* %44, align 4
	br label %if.join.2

if.join.2:
	ret void
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()
