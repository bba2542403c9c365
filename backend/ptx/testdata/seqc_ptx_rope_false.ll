source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @seqc_ptx_rope_false(i64 %i0, i64 %i1, i64 %i2, i64 %i3, i64 %i4, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1, float addrspace(1)* nocapture %p2, float addrspace(1)* nocapture %p3) nounwind {
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
	%27 = add i64 %22, %i4
	%28 = mul i64 %27, %i3
	%29 = add i64 %28, %19
	%30 = getelementptr float, float addrspace(1)* %p1, i64 %29
	%31 = load float, float addrspace(1)* %30, align 4
	%32 = getelementptr float, float addrspace(1)* %p2, i64 %29
	%33 = load float, float addrspace(1)* %32, align 4
	%34 = getelementptr float, float addrspace(1)* %p0, i64 %25
	%35 = load float, float addrspace(1)* %34, align 4
	%36 = getelementptr float, float addrspace(1)* %p0, i64 %26
	%37 = load float, float addrspace(1)* %36, align 4
	%38 = fmul float %35, %31
	%39 = fmul float %37, %33
	%40 = fsub float %38, %39
	%41 = getelementptr float, float addrspace(1)* %p3, i64 %25
	store float %40, float addrspace(1)* %41, align 4
	%42 = fmul float %35, %33
	%43 = fmul float %37, %31
	%44 = fadd float %42, %43
	%45 = getelementptr float, float addrspace(1)* %p3, i64 %26
	store float %44, float addrspace(1)* %45, align 4
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
